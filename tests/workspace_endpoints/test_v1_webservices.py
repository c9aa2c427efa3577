"""v1 ACI web services deployed by the real azureml-core and served by the real azmlinfsrv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from endpoint_helpers import REQUEST, alive, scoring_pid
from sdk_scripts import SdkRunner

from harness.workspace.runtime import LocalWorkspace


def test_deploy_settles_on_the_first_poll(v1_services: dict[str, Any]) -> None:
    # wait_for_deployment sleeps 5 s between polls; the operation answers once settled.
    assert v1_services["deploy_seconds"] < 60
    assert v1_services["secured"]["state"] == "Healthy"


def test_service_is_an_aci_webservice_with_an_http_aci_scoring_uri(
        v1_services: dict[str, Any]) -> None:
    secured = v1_services["secured"]
    assert secured["class"] == "AciWebservice"
    assert secured["fetched_state"] == "Healthy"
    assert secured["auth_enabled"] is True
    assert secured["scoring_uri"].startswith("http://")
    assert secured["scoring_uri"].endswith(".eastus.azurecontainer.io/score")


def test_one_model_is_mounted_at_azureml_models_name_version(v1_services: dict[str, Any]) -> None:
    result = v1_services["secured"]["result"]
    assert Path(result["model_dir"]).parts[-3:] == ("azureml-models", "sk-model", "1")
    assert result["listing"] == ["model_dir"]  # the registered folder keeps its name
    assert Path(result["cwd"]).name == "app"  # the /var/azureml-app of an ACI container


def test_several_models_are_mounted_at_the_azureml_models_root(
        v1_services: dict[str, Any]) -> None:
    result = v1_services["open"]["result"]
    assert Path(result["model_dir"]).name == "azureml-models"
    assert result["listing"] == ["other-model", "sk-model"]


def test_auth_enabled_service_wants_its_key(v1_services: dict[str, Any],
                                            via_proxy: requests.Session) -> None:
    secured = v1_services["secured"]
    uri = secured["scoring_uri"]
    assert via_proxy.post(uri, json=REQUEST).status_code == 401
    wrong = via_proxy.post(uri, json=REQUEST, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    for key in secured["keys"]:
        answer = via_proxy.post(uri, json=REQUEST, headers={"Authorization": f"Bearer {key}"})
        assert answer.status_code == 200
        assert answer.json()["predictions"] == secured["result"]["predictions"]


def test_service_without_auth_answers_anyone(v1_services: dict[str, Any],
                                             via_proxy: requests.Session) -> None:
    answer = via_proxy.post(v1_services["open"]["scoring_uri"], json=REQUEST)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert via_proxy.get(v1_services["open"]["scoring_uri"][: -len("/score")]).text == "Healthy"


def test_failing_init_fails_the_deployment_with_the_servers_error(
        v1_services: dict[str, Any]) -> None:
    broken = v1_services["broken"]
    assert "Service deployment polling reached non-successful terminal state" in broken["error"]
    assert "FileNotFoundError" in broken["error"]
    assert "model.pkl" in broken["error"]
    assert broken["state"] == "Unhealthy"
    assert "User's init function failed" in broken["logs"]
    assert "FileNotFoundError: [Errno 2] No such file or directory" in broken["logs"]


def test_webservice_list_reads_the_one_page_and_stops(v1_services: dict[str, Any],
                                                      run_v1: SdkRunner) -> None:
    # azureml-core follows "nextLink" whenever the key is there; Azure leaves it out.
    report = run_v1("""
        everything = sorted(s.name for s in Webservice.list(ws))
        by_model = sorted(s.name for s in Webservice.list(ws, model_name="other-model"))
        aci = {type(s).__name__ for s in Webservice.list(ws, compute_type="ACI")}
        print(json.dumps({"all": everything, "by_model": by_model, "aci": sorted(aci)}))
    """)
    assert {"sk-svc", "multi-svc", "broken-svc"} <= set(report["all"])
    assert report["by_model"] == ["multi-svc"]
    assert report["aci"] == ["AciWebservice"]


def test_delete_stops_the_scoring_server(v1_services: dict[str, Any], run_v1: SdkRunner,
                                         local_workspace: LocalWorkspace,
                                         via_proxy: requests.Session) -> None:
    pid = scoring_pid(local_workspace.directory, "webservices/multi-svc")
    report = run_v1("""
        Webservice(ws, "multi-svc").delete()
        try:
            Webservice(ws, "multi-svc")
            found = True
        except WebserviceException:
            found = False
        print(json.dumps({"found": found}))
    """)
    assert report == {"found": False}
    assert not alive(pid)
    assert via_proxy.post(v1_services["open"]["scoring_uri"], json=REQUEST).status_code == 404

