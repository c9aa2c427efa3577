"""The local workspace answers Microsoft's recorded requests in the shapes real Azure did.

Each recording in /work/shared/real-traffic (azure-ai-ml against real Azure, see its
README) is replayed request by request, with the recorded bodies, against the local
workspace; for every answer the status and the set of JSON key paths with their value
types must match the recorded answer, save the differences listed in `EXPECTED` with a
reason each. Ids, names and hosts are rewritten to the local workspace's; values are not
compared, only where they are and what type they have.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from harness.workspace.runtime import LocalWorkspace

REAL_TRAFFIC = Path("/work/shared/real-traffic")
RECORDINGS = ("command_job_serverless", "command_job_serverless_2023-02_sdk1.5.0",
              "model_crud_file", "environment_create_conda", "data_create_uri_file")

pytestmark = pytest.mark.skipif(not REAL_TRAFFIC.is_dir(), reason="real recordings not here")

#: (recording or "*", route, key path) -> why the local answer legitimately differs there.
#: A route is the method and the path's resource kind, e.g. "GET jobs".
EXPECTED: dict[tuple[str, str, str], str] = {
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs", "properties.computeId"):
        "in 2023-02 the recording's workspace ran a job without compute on its default "
        "compute (testCompute); serverless jobs have a null computeId (the 2023-10 "
        "recording and the local workspace)",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.tags._aml_system_ComputeTargetStatus"):
        "the allocation tag of that default compute; a serverless job has no compute to "
        "report on",
    ("command_job_serverless_2023-02_sdk1.5.0", "PUT jobs", "properties.resources.locations"):
        "api-version 2022-12-01-preview has no resources.locations; the local workspace "
        "writes job answers in the newest shape for every api-version",
    ("command_job_serverless_2023-02_sdk1.5.0", "PUT jobs",
     "properties.resources.maxInstanceCount"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "PUT jobs",
     "properties.outputs.default.autoDeleteSetting"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "PUT jobs", "properties.notificationSetting"):
        "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "PUT jobs",
     "properties.secretsConfiguration"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs", "properties.resources.locations"):
        "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.resources.maxInstanceCount"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.outputs.default.autoDeleteSetting"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs", "properties.notificationSetting"):
        "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.secretsConfiguration"): "newer field, as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs", "properties.queueSettings"):
        "at api-version 2022-12-01-preview Azure's job GET left queueSettings out (its PUT "
        "answer has them); the local workspace shows them at every version",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.queueSettings.jobTier"): "as above",
    ("command_job_serverless_2023-02_sdk1.5.0", "GET jobs",
     "properties.queueSettings.priority"): "as above",
    ("*", "*", "systemData.lastModifiedAt"): "the local workspace stamps every resource "
        "with last-modified fields; Azure leaves them out of jobs and some assets",
    ("*", "*", "systemData.lastModifiedBy"): "as above",
    ("*", "*", "systemData.lastModifiedByType"): "as above",
}

#: Recorded requests the local workspace does not answer as Azure did, and why.
KNOWN_GAPS: dict[tuple[str, str], str] = {}

_SCOPE = [
    (re.compile(r"(?i)(subscriptions/)00000000-0000-0000-0000-000000000(?=/)"), "sub"),
    (re.compile(r"(?i)(resourcegroups/)00000(?=/)"), "rg"),
    (re.compile(r"(?i)(workspaces/)00000(?=[/?\"]|$)"), "ws"),
]
_BLOB = re.compile(r"https://[a-z0-9]+\.blob\.core\.windows\.net/azureml-blobstore-[0-9a-f-]+/")


def localise(text: str, workspace: LocalWorkspace) -> str:
    """A recorded URL or body with the local workspace's ids and storage."""
    s = workspace.settings
    values = {"sub": s.subscription_id, "rg": s.resource_group, "ws": s.workspace_name}
    for pattern, key in _SCOPE:
        text = pattern.sub(lambda m, k=key: m.group(1) + values[k], text)
    return _BLOB.sub(f"https://{s.blob_host}/{s.blobstore_container}/", text)


def shape(value: Any, path: str = "") -> dict[str, str]:
    """Every key path of a JSON document with its value's type (list items as ``[]``)."""
    kinds = {bool: "bool", int: "number", float: "number", str: "string", type(None): "null"}
    if isinstance(value, dict):
        found = {path: "object"} if path else {}
        for key, item in value.items():
            found.update(shape(item, f"{path}.{key}" if path else key))
        return found
    if isinstance(value, list):
        found = {path: "array"}
        for item in value:
            found.update(shape(item, f"{path}[]"))
        return found
    return {path: kinds[type(value)]}


KINDS = ("datastores", "jobs", "models", "data", "environments")


def route(method: str, url: str) -> str:
    """``GET jobs``: the method and the resource kind (``listSecrets``, ``blob``) of a URL."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if (urlsplit(url).hostname or "").endswith(".blob.core.windows.net"):
        return f"{method} blob"
    if parts and parts[-1] == "listSecrets":
        return f"{method} listSecrets"
    return f"{method} {next((p for p in reversed(parts) if p in KINDS), parts[-1])}"


def differences(recorded: Any, answered: Any, recording: str, where: str) -> list[str]:
    expected, got = shape(recorded), shape(answered)
    problems = []
    for path in sorted(set(expected) | set(got)):
        if any(r in (recording, "*") and w in (where, "*") and p == path for r, w, p in EXPECTED):
            continue
        if path not in got:
            problems.append(f"missing {path} ({expected[path]})")
        elif path not in expected:
            problems.append(f"extra {path} ({got[path]})")
        elif expected[path] != got[path]:
            problems.append(f"{path}: {expected[path]} recorded, {got[path]} answered")
    return problems


def _request_body(entry: dict[str, Any], workspace: LocalWorkspace) -> bytes | None:
    body = entry["RequestBody"]
    if body is None:
        return None
    if isinstance(body, dict | list):
        return localise(json.dumps(body), workspace).encode()
    content_type = entry["RequestHeaders"].get("Content-Type", "")
    return base64.b64decode(body) if "octet-stream" in content_type else str(body).encode()


def _headers(entry: dict[str, Any]) -> dict[str, str]:
    keep = ("content-type", "x-ms-blob-type", "x-ms-meta-", "x-ms-version")
    return {k: v for k, v in entry["RequestHeaders"].items() if k.lower().startswith(keep)}


def _seed_existing_blobs(entries: list[dict[str, Any]], session: requests.Session,
                         workspace: LocalWorkspace) -> None:
    """Blobs the recording found already there (HEAD 200): an earlier run had uploaded them."""
    for entry in entries:
        if entry["RequestMethod"] == "HEAD" and entry["StatusCode"] == 200:
            url = localise(entry["RequestUri"], workspace)
            answer = session.put(url, data=b"a,b\n1,2\n", headers={"x-ms-blob-type": "BlockBlob"},
                                 timeout=30)
            assert answer.status_code == 201, answer.text


def replay(recording: str, workspace: LocalWorkspace,
           session: requests.Session) -> Iterator[tuple[str, list[str]]]:
    """(route, differences) for each recorded request, replayed in order."""
    entries = json.loads((REAL_TRAFFIC / f"{recording}.json").read_text())["Entries"]
    _seed_existing_blobs(entries, session, workspace)
    for entry in entries:
        method, url = entry["RequestMethod"], localise(entry["RequestUri"], workspace)
        where = route(method, url)
        answer = session.request(method, url, data=_request_body(entry, workspace),
                                 headers=_headers(entry), timeout=60)
        if (recording, where) in KNOWN_GAPS:
            continue
        problems = []
        if answer.status_code != entry["StatusCode"]:
            problems.append(f"status {entry['StatusCode']} recorded, {answer.status_code} "
                            f"answered: {answer.text[:300]}")
        elif isinstance(entry["ResponseBody"], dict):
            problems = differences(entry["ResponseBody"], answer.json(), recording, where)
        yield where, problems


@pytest.mark.parametrize("recording", RECORDINGS)
def test_recorded_requests_get_the_recorded_shapes(recording: str,
                                                   local_workspace: LocalWorkspace,
                                                   via_proxy: requests.Session) -> None:
    report = [f"{where}: {problem}" for where, problems in replay(recording, local_workspace,
                                                                  via_proxy)
              for problem in problems]
    assert not report, "\n".join(report)


def test_every_exception_names_a_reason() -> None:
    assert all(reason.strip() for reason in [*EXPECTED.values(), *KNOWN_GAPS.values()])


def test_shape_sees_paths_types_and_list_items() -> None:
    assert shape({"a": {"b": [{"c": None}]}, "d": "x", "e": [1.5]}) == {
        "a": "object", "a.b": "array", "a.b[]": "object", "a.b[].c": "null", "d": "string",
        "e": "array", "e[]": "number"}
