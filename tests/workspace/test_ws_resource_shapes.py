"""Datastore and job resources read as Azure writes them: per api-version, after submission.

tests/workspace/test_real_traffic_shapes.py compares whole answers with real recordings;
these pin the rules behind the differences it found.
"""

from __future__ import annotations

import json

import requests

from harness.workspace.runtime import LocalWorkspace


def _datastore_url(workspace: LocalWorkspace, version: str | None) -> str:
    url = (f"https://management.azure.com{workspace.settings.workspace_arm_id}"
           "/datastores/workspaceblobstore")
    return url if version is None else f"{url}?api-version={version}"


def test_a_datastore_reads_in_the_shape_of_the_api_version_asked(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    preview = via_proxy.get(_datastore_url(local_workspace, "2023-04-01-preview")).json()
    current = via_proxy.get(_datastore_url(local_workspace, "2024-10-01-preview")).json()
    stable = via_proxy.get(_datastore_url(local_workspace, "2022-10-01")).json()
    assert preview["properties"]["intellectualProperty"] is None
    assert "intellectualProperty" not in current["properties"]
    assert current["properties"]["subscriptionId"] == local_workspace.settings.subscription_id
    assert "subscriptionId" not in stable["properties"]
    assert current["properties"]["tags"] is None and current["properties"]["properties"] is None


def test_a_datastore_without_a_published_api_version_is_refused_as_arm_does(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    missing = via_proxy.get(_datastore_url(local_workspace, None))
    unknown = via_proxy.get(_datastore_url(local_workspace, "2099-01-01"))
    assert (missing.status_code, missing.json()["error"]["code"]) == (
        400, "MissingApiVersionParameter")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (
        400, "NoRegisteredProviderFound")
    assert "2024-10-01-preview" in unknown.json()["error"]["message"]


def test_a_job_on_a_compute_shows_its_arm_id_process_files_and_allocation(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    s = local_workspace.settings
    url = (f"https://management.azure.com{s.workspace_arm_id}/jobs/shape-job"
           "?api-version=2025-01-01-preview")
    body = {"properties": {"jobType": "Command", "command": "python -c pass",
                           "computeId": "cpu-cluster", "experimentName": "shapes"}}
    put = via_proxy.put(url, json=body).json()["properties"]
    got = via_proxy.get(url).json()["properties"]
    compute = f"{s.workspace_arm_id}/computes/cpu-cluster"
    assert put["computeId"] == got["computeId"] == compute
    assert "ProcessInfoFile" not in put["properties"]  # the PUT answer is the body as taken
    assert got["properties"]["ProcessInfoFile"] == "azureml-logs/process_info.json"
    assert got["properties"]["ProcessStatusFile"] == "azureml-logs/process_status.json"
    allocation = json.loads(got["tags"]["_aml_system_ComputeTargetStatus"])
    assert allocation["AllocationState"] == "steady"
    assert set(allocation) == {"AllocationState", "PreparingNodeCount", "RunningNodeCount",
                               "CurrentNodeCount"}


def test_a_serverless_job_has_no_compute_id_and_no_allocation_tag(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    url = (f"https://management.azure.com{local_workspace.settings.workspace_arm_id}"
           "/jobs/shape-serverless-job?api-version=2025-01-01-preview")
    body = {"properties": {"jobType": "Command", "command": "python -c pass",
                           "experimentName": "shapes"}}
    assert via_proxy.put(url, json=body).status_code == 201
    got = via_proxy.get(url).json()["properties"]
    assert got["computeId"] is None
    assert "_aml_system_ComputeTargetStatus" not in got["tags"]
    assert "ProcessInfoFile" in got["properties"]
