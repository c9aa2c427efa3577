"""The v1 submission: the clustering script in an environment pinning scikit-learn 1.3.2.

`env-equivalent-specs` reuses it for its v1 side with another pin (`build_pinned`).
"""

from pathlib import Path

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies

HERE = Path(__file__).resolve().parent
IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def environment(name: str, scikit_learn: str) -> Environment:
    env = Environment(name)
    env.python.conda_dependencies = CondaDependencies.create(
        python_version="3.11", pip_packages=[f"scikit-learn=={scikit_learn}", "numpy==1.26.4"])
    env.docker.base_image = IMAGE
    return env


def job(env: Environment) -> ScriptRunConfig:
    return ScriptRunConfig(source_directory=str(HERE / "src"), script="cluster.py",
                           compute_target="cpu-cluster", environment=env)


def build(ws, ctx):
    return job(environment("sklearn-pin", "1.3.2"))


def build_current(ws, ctx):
    return job(environment("sklearn-current", "1.5.2"))
