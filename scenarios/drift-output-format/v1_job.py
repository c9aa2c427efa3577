"""v1: the regression as it ran in production."""

from azureml.core import Environment, ScriptRunConfig

IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def build(ws, ctx):
    env = Environment.from_conda_specification("sklearn-diabetes", str(ctx.path("conda.yml")))
    env.docker.base_image = IMAGE
    return ScriptRunConfig(
        source_directory=str(ctx.path("../sklearn-diabetes/v1")),
        script="train.py",
        arguments=["--alpha", 0.0001, "--epochs", 20, "--seed", 42],
        compute_target="cpu-cluster",
        environment=env,
    )
