"""A restarted workspace server starts again the deployments that were serving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from endpoint_helpers import REQUEST, alive, scoring_pid
from sdk_scripts import V1_PREAMBLE, V2_PREAMBLE, run_sdk_script
from workspace_fixtures import proxy_session

from harness.workspace import runtime

DEPLOY_BOTH = """
    config = InferenceConfig(entry_script="score.py", source_directory="src",
                             environment=Environment("restart-env"))
    model = Model.register(ws, model_path="model_dir", model_name="restart-model")
    service = Model.deploy(ws, "restart-svc", [model], config,
                           AciWebservice.deploy_configuration(auth_enabled=False))
    service.wait_for_deployment()
    ml.online_endpoints.begin_create_or_update(
        ManagedOnlineEndpoint(name="restart-ep", auth_mode="key")).result()
    ml.online_deployments.begin_create_or_update(ManagedOnlineDeployment(
        name="blue", endpoint_name="restart-ep", model=Model(path="model_dir"),
        code_configuration=CodeConfiguration(code="src", scoring_script="score.py"),
        environment=Environment(image="mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-"
                                      "inference:latest"),
        instance_type="Standard_DS3_v2", instance_count=1)).result()
    print(json.dumps({"v1": service.scoring_uri,
                      "v2": ml.online_endpoints.get("restart-ep").scoring_uri,
                      "key": ml.online_endpoints.get_keys("restart-ep").primary_key}))
"""
# The v2 names shadow v1's Model and Environment, so v1 binds them first under its names.
V1_NAMES = "    from azureml.core import Environment as V1Environment, Model as V1Model\n"


@pytest.fixture
def restart_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("restart-workspace")
    yield folder
    runtime.stop(folder)


def test_restart_brings_back_serving_deployments(restart_folder: Path, project: Path) -> None:
    workspace = runtime.start(restart_folder)
    code = DEPLOY_BOTH.replace("Environment(\"restart-env\")", "V1Environment(\"restart-env\")")
    code = code.replace("Model.register", "V1Model.register").replace("Model.deploy",
                                                                      "V1Model.deploy")
    preamble = V1_PREAMBLE + V1_NAMES + V2_PREAMBLE
    report = run_sdk_script(code, workspace.env(), preamble=preamble, cwd=project, timeout=240)
    pids = [scoring_pid(restart_folder, where)
            for where in ("webservices/restart-svc", "online/restart-ep/blue")]

    workspace.stop()
    assert not any(alive(pid) for pid in pids), "server shutdown stops scoring processes"

    restarted = runtime.start(restart_folder)
    with proxy_session(restarted) as session:
        v1 = session.post(report["v1"], json=REQUEST, timeout=120)
        v2 = session.post(report["v2"], json=REQUEST, timeout=120,
                          headers={"Authorization": f"Bearer {report['key']}",
                                   "azureml-model-deployment": "blue"})
    assert v1.status_code == 200, v1.text
    assert v2.status_code == 200, v2.text
    assert v1.json()["predictions"] == v2.json()["predictions"]

    relaunched = [scoring_pid(restart_folder, where)
                  for where in ("webservices/restart-svc", "online/restart-ep/blue")]
    assert set(relaunched).isdisjoint(pids)
    restarted.stop()
    assert not any(alive(pid) for pid in relaunched)

