"""v1: the classification job as submitted with a ScriptRunConfig."""

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies

IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def build(ws, ctx):
    env = Environment("iris-logging")
    env.docker.base_image = IMAGE
    env.python.conda_dependencies = CondaDependencies.create(
        python_version="3.11", pip_packages=["scikit-learn==1.9.1", "matplotlib==3.11.2"]
    )
    return ScriptRunConfig(
        source_directory=str(ctx.path("v1")),
        script="train.py",
        arguments=["--C", 1.0],
        compute_target="cpu-cluster",
        environment=env,
    )
