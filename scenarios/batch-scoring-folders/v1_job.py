"""v1: data shipped inside the snapshot, results written under ./outputs (auto-uploaded)."""

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies


def build(ws, ctx):
    env = Environment("batch-scoring")
    env.docker.base_image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
    env.python.conda_dependencies = CondaDependencies.create(
        python_version="3.11", pip_packages=["pandas==3.1.1"]
    )
    return ScriptRunConfig(
        source_directory=str(ctx.path("v1")),
        script="score.py",
        arguments=["--input", "data", "--output", "outputs/scored", "--threshold", 5.0],
        compute_target="cpu-cluster",
        environment=env,
    )
