"""The v1 submission this scenario certifies: a ScriptRunConfig on a CPU cluster.

The known-bad migrations under `drift-*` reuse it: they differ only on the v2 side.
"""

from pathlib import Path

from azureml.core import Environment, ScriptRunConfig

HERE = Path(__file__).resolve().parent
IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def build(ws, ctx):
    env = Environment.from_conda_specification("sklearn-diabetes", str(HERE / "conda.yml"))
    env.docker.base_image = IMAGE
    return ScriptRunConfig(
        source_directory=str(HERE / "v1"),
        script="train.py",
        arguments=["--alpha", 0.0001, "--epochs", 20, "--seed", 42],
        compute_target="cpu-cluster",
        environment=env,
    )
