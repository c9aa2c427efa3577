"""v1: Model.deploy of a registered model to ACI with an InferenceConfig (the harness deploys it).

Other endpoint scenarios reuse this, pointing `source` at their own scoring script.
"""

from pathlib import Path

from azureml.core import Environment
from azureml.core.model import InferenceConfig
from azureml.core.webservice import AciWebservice

HERE = Path(__file__).resolve().parent
IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def build(ws, ctx, source=HERE / "src", model="model"):
    env = Environment.from_conda_specification("endpoint-sklearn", str(HERE / "conda.yml"))
    env.docker.base_image = IMAGE
    env.inferencing_stack_version = "latest"
    return {
        "models": [str(HERE / model)],
        "inference": InferenceConfig(
            entry_script="score.py", source_directory=str(source), environment=env
        ),
        "deployment": AciWebservice.deploy_configuration(
            cpu_cores=2, memory_gb=7, auth_enabled=True
        ),
    }
