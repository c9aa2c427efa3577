"""v1: a PyTorch job on 2 nodes x 2 processes, with NCCL and a pinned CUDA image."""

from azureml.core import Environment, ScriptRunConfig
from azureml.core.conda_dependencies import CondaDependencies
from azureml.core.runconfig import PyTorchConfiguration

IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04:latest"


def build(ws, ctx):
    env = Environment("pytorch-ddp")
    env.docker.base_image = IMAGE
    env.python.conda_dependencies = CondaDependencies.create(
        python_version="3.10", pip_packages=["torch==2.3.1", "torchvision==0.18.1"]
    )
    config = ScriptRunConfig(
        source_directory=str(ctx.path("src")),
        script="train.py",
        arguments=["--epochs", 10, "--lr", 0.01, "--batch-size", 64],
        compute_target="gpu-cluster",
        environment=env,
        distributed_job_config=PyTorchConfiguration(process_count=4, node_count=2),
    )
    config.run_config.environment_variables = {"NCCL_DEBUG": "INFO"}
    return config
