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
