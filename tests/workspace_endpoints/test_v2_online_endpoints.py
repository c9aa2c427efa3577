"""v2 managed online endpoints deployed by the real azure-ai-ml and served by azmlinfsrv."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import requests
from endpoint_helpers import REQUEST, alive, scoring_pid
from sdk_scripts import SdkRunner

from harness.workspace.runtime import LocalWorkspace


def test_deployment_finishes_without_poll_sleeps(v2_endpoints: dict[str, Any]) -> None:
    # azure-core sleeps 5 s between status polls; the status answers once settled.
    assert v2_endpoints["deploy_seconds"] < 60
    assert v2_endpoints["key"]["state"] == "Succeeded"


def test_endpoint_scores_over_https_on_the_inference_host(v2_endpoints: dict[str, Any]) -> None:
    key = v2_endpoints["key"]
    assert key["scoring_uri"] == "https://sk-ep.eastus.inference.ml.azure.com/score"
    assert key["traffic"] == {"blue": 100}
    assert key["result"] == key["named"]


def test_model_dir_is_the_models_own_folder(v2_endpoints: dict[str, Any]) -> None:
    result = v2_endpoints["key"]["result"]
    parts = Path(result["model_dir"]).parts
    assert parts[-3] == "azureml-models" and parts[-1] == "1"
    assert result["listing"] == ["model_dir"]  # the registered folder keeps its name
    assert Path(result["cwd"]).name == "src"  # the code asset's folder


def test_scoring_needs_a_valid_key(v2_endpoints: dict[str, Any],
                                   via_proxy: requests.Session) -> None:
    key = v2_endpoints["key"]
    uri = key["scoring_uri"]
    assert via_proxy.post(uri, json=REQUEST).status_code == 401
    wrong = via_proxy.post(uri, json=REQUEST, headers={"Authorization": "Bearer wrong-key"})
    assert wrong.status_code == 401
    for secret in key["keys"]:
        answer = via_proxy.post(uri, json=REQUEST, headers={
            "Authorization": f"Bearer {secret}", "azureml-model-deployment": "blue"})
        assert answer.status_code == 200
        assert answer.headers["azureml-model-deployment"] == "blue"
        assert answer.json()["predictions"] == key["result"]["predictions"]


def test_failing_init_fails_the_deployment_with_the_servers_error(
        v2_endpoints: dict[str, Any]) -> None:
    broken = v2_endpoints["broken"]
    assert "ResourceNotReady" in broken["error"]
    assert "FileNotFoundError" in broken["error"]
    assert broken["state"] == "Failed"
    assert "User's init function failed" in broken["logs"]
    assert re.search(r"No such file or directory: '.*/azureml-models/.*/1/model.pkl'",
                     broken["logs"])


def test_yaml_endpoint_uses_aml_tokens(v2_endpoints: dict[str, Any],
                                       via_proxy: requests.Session) -> None:
    token = v2_endpoints["token"]
    assert token["state"] == "Succeeded"
    assert token["auth_mode"] == "aml_token"
    assert token["result"]["greeting"] == "hello from yaml"
    answer = via_proxy.post(token["scoring_uri"], json=REQUEST, headers={
        "Authorization": f"Bearer {token['token']}", "azureml-model-deployment": "green"})
    assert answer.status_code == 200
    keyed = via_proxy.post(token["scoring_uri"], json=REQUEST, headers={
        "Authorization": f"Bearer {v2_endpoints['key']['keys'][0]}"})
    assert keyed.status_code == 401


def test_deleting_the_endpoint_stops_its_servers(v2_endpoints: dict[str, Any], run_v2: SdkRunner,
                                                 local_workspace: LocalWorkspace,
                                                 via_proxy: requests.Session) -> None:
    pid = scoring_pid(local_workspace.directory, "online/yaml-ep/green")
    report = run_v2("""
        ml.online_endpoints.begin_delete("yaml-ep").result()
        names = [e.name for e in ml.online_endpoints.list()]
        print(json.dumps({"names": names}))
    """)
    assert "yaml-ep" not in report["names"]
    assert not alive(pid)
    token = v2_endpoints["token"]
    gone = via_proxy.post(token["scoring_uri"], json=REQUEST,
                          headers={"Authorization": f"Bearer {token['token']}"})
    assert gone.status_code == 404

