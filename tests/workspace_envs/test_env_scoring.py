"""Scoring servers run in the deployment's declared environment, plus the scoring server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

DEPLOY = """
    report = {}
    ml.online_endpoints.begin_create_or_update(
        ManagedOnlineEndpoint(name="env-ep", auth_mode="key")).result()

    def deploy(name, dependencies):
        environment = Environment(
            image="mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest",
            conda_file={"dependencies": dependencies})
        try:
            ml.online_deployments.begin_create_or_update(ManagedOnlineDeployment(
                name=name, endpoint_name="env-ep", model=Model(path="model"),
                code_configuration=CodeConfiguration(code="score", scoring_script="score.py"),
                environment=environment, instance_type="Standard_DS2_v2",
                instance_count=1)).result()
            return None
        except Exception as exc:
            return str(exc)

    report["blue_error"] = deploy("blue", ["python=3.10", {"pip": ["six==1.15.0"]}])
    report["blue"] = json.loads(ml.online_endpoints.invoke("env-ep", request_file="request.json",
                                                           deployment_name="blue"))
    report["red_error"] = deploy("red", [{"pip": ["six==99.1"]}])
    ml.online_endpoints.begin_delete("env-ep").result()
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def deployed(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(DEPLOY, timeout=300)


def test_the_scoring_server_runs_in_the_declared_environment(deployed: dict[str, Any]) -> None:
    assert deployed["blue_error"] is None, deployed
    answer = deployed["blue"]
    answer = json.loads(answer) if isinstance(answer, str) else answer
    assert answer == {"python": "3.10", "six": "1.15.0"}


def test_a_deployment_whose_environment_cannot_be_built_fails_with_the_resolvers_message(
        deployed: dict[str, Any]) -> None:
    assert "Building the deployment's environment failed" in deployed["red_error"]
    assert "six==99.1" in deployed["red_error"]


DEPLOY_V1 = """
    from azureml.core.conda_dependencies import CondaDependencies
    model = Model.register(ws, model_path="model", model_name="env-model")
    env = Environment("scoring-six")
    env.python.conda_dependencies = CondaDependencies.create(python_version="3.10",
                                                             pip_packages=["six==1.15.0"])
    config = InferenceConfig(entry_script="score.py", source_directory="score", environment=env)
    service = Model.deploy(ws, "env-svc", [model], config,
                           AciWebservice.deploy_configuration(auth_enabled=False))
    service.wait_for_deployment()
    report = {"state": service.state, "answer": service.run("{}")}
    service.delete()
    print(json.dumps(report))
"""


def test_a_v1_service_runs_in_its_inference_config_environment(run_v1: SdkRunner) -> None:
    report = run_v1(DEPLOY_V1, timeout=300)
    assert report["state"] == "Healthy", report
    answer = report["answer"]
    answer = json.loads(answer) if isinstance(answer, str) else answer
    assert answer == {"python": "3.10", "six": "1.15.0"}
