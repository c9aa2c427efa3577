"""Builders for the faithful v1/v2 pair the spec tests change one field of.

The pair is the one a migration guide would show: a PyTorch training job on
`cpu-cluster` with a conda environment, a mounted dataset and a named output,
plus an ACI web service and its managed online deployment. Everything is a real
SDK object built offline.
"""

from __future__ import annotations

from typing import Any

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies
from azureml.core.model import InferenceConfig
from azureml.core.runconfig import PyTorchConfiguration
from azureml.core.webservice import AciWebservice
from azureml.data import FileDataset, OutputFileDatasetConfig

IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20251130.v1"
CONDA = {
    "name": "train-env",
    "channels": ["conda-forge"],
    "dependencies": [
        "python=3.10",
        "pip",
        "conda-forge::numpy=1.24",
        {"pip": ["scikit-learn==1.3.0", "--extra-index-url https://example.invalid/simple"]},
    ],
}



def v1_environment(name: str = "train-env") -> Environment:
    """The v1 twin of `CONDA` on `IMAGE`, spelled the v1 way (`scikit_learn`, `numpy=1.24`)."""
    env = Environment(name)
    env.docker.base_image = IMAGE
    conda = CondaDependencies.create(
        python_version="3.10",
        conda_packages=["numpy=1.24"],
        pip_packages=["scikit_learn==1.3.0"],
        pin_sdk_version=False,
    )
    env.python.conda_dependencies = conda
    return env


def v1_job(**changes: Any) -> ScriptRunConfig:
    """The v1 ScriptRunConfig of the faithful pair; keyword arguments replace its parts."""
    train = FileDataset().as_named_input("train").as_mount()
    model = OutputFileDatasetConfig(name="model")
    arguments = changes.pop("arguments", None) or [
        "--lr", 0.1, "--epochs", 5, "--data", train, "--out", model,
    ]
    src = ScriptRunConfig(
        source_directory="src",
        script="train.py",
        arguments=arguments,
        compute_target="cpu-cluster",
        environment=changes.pop("environment", None) or v1_environment(),
        distributed_job_config=PyTorchConfiguration(process_count=4, node_count=2),
    )
    src.run_config.environment_variables = {"FOO": "bar"}
    return src


def job_document(**changes: Any) -> dict[str, Any]:
    """The v2 CLI YAML of the faithful pair as a dict; keyword arguments replace top-level keys."""
    document: dict[str, Any] = {
        "$schema": "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
        "type": "command",
        "code": "./src",
        "command": (
            "python train.py --lr ${{inputs.lr}} --epochs ${{inputs.epochs}} "
            "--data ${{inputs.train}} --out ${{outputs.model}}"
        ),
        "inputs": {
            "lr": 0.1,
            "epochs": 5,
            "train": {"type": "uri_folder", "path": "azureml:train-data:1", "mode": "ro_mount"},
        },
        "outputs": {"model": {"type": "uri_folder"}},
        "environment": {"image": IMAGE, "conda_file": "conda.yml"},
        "compute": "azureml:cpu-cluster",
        "resources": {"instance_count": 2},
        "distribution": {"type": "pytorch", "process_count_per_instance": 2},
        "environment_variables": {"FOO": "bar"},
    }
    document.update(changes)
    return document


def v1_service(**deploy: Any) -> dict[str, Any]:
    """The v1 side of the deployment pair, as a scenario callable returns it."""
    config = {"cpu_cores": 1, "memory_gb": 2, "auth_enabled": True, **deploy}
    return {
        "inference": InferenceConfig(entry_script="score.py", source_directory="src",
                                     environment=v1_environment("score-env")),
        "deployment": AciWebservice.deploy_configuration(**config),
        "models": ["sk-model"],
    }
