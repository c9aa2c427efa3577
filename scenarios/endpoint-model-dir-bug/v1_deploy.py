"""v1: the model registered as a single file, the scoring script reading it by that path."""

from pathlib import Path

from azureml.core import Environment
from azureml.core.model import InferenceConfig
from azureml.core.webservice import AciWebservice

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent / "endpoint-sklearn"


def build(ws, ctx):
    env = Environment.from_conda_specification("endpoint-sklearn", str(SHARED / "conda.yml"))
    return {
        "models": [str(SHARED / "model" / "model.pkl")],
        "inference": InferenceConfig(
            entry_script="score.py", source_directory=str(HERE / "src"), environment=env
        ),
        "deployment": AciWebservice.deploy_configuration(cpu_cores=2, memory_gb=7),
    }
