"""v1: the unseeded forest as submitted before the migration."""

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies


def build(ws, ctx):
    env = Environment("noisy-forest")
    env.docker.base_image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
    env.python.conda_dependencies = CondaDependencies.create(
        python_version="3.11", pip_packages=["scikit-learn==1.9.1"]
    )
    return ScriptRunConfig(
        source_directory=str(ctx.path("v1")),
        script="train.py",
        arguments=["--trees", 20],
        compute_target="cpu-cluster",
        environment=env,
    )
