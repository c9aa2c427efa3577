"""Recording live traffic from the local workspace: real host names, every thread, no secret."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jwt
import requests

from harness.redact.scan import detect_secrets_findings
from harness.cassettes.persister import load_document
from harness.workspace.runtime import LocalWorkspace

PLANTED_JWT = jwt.encode({"tid": "t", "exp": 9999999999, "upn": "planted@contoso.com"},
                         "planted-signing-key-000000000000", algorithm="HS256")
PLANTED_CONNECTION = ("DefaultEndpointsProtocol=https;AccountName=paritywsstore;AccountKey="
                      + base64.b64encode(b"planted account key, 64 bytes long" * 2).decode())


def workspace_url(ws: LocalWorkspace, path: str) -> str:
    return f"https://management.azure.com{ws.settings.workspace_arm_id}{path}"


def uris(cassette: Path) -> list[str]:
    return [i["request"]["uri"] for i in load_document(cassette)["interactions"]]


def test_traffic_through_the_connect_proxy_is_recorded_under_the_azure_url(
    via_proxy: requests.Session, local_workspace: LocalWorkspace, record: Any, tmp_path: Path
) -> None:
    cassette = tmp_path / "proxy.yaml"
    url = workspace_url(local_workspace, "?api-version=2024-10-01-preview")
    with record(cassette):
        via_proxy.get(url, headers={"Authorization": f"Bearer {PLANTED_JWT}"})
    assert uris(cassette) == [url]


def test_requests_from_parallel_threads_are_all_recorded(
    via_proxy: requests.Session, local_workspace: LocalWorkspace, record: Any, tmp_path: Path
) -> None:
    """vcrpy's force_reset un-patches process-wide while it sends; the recorder keeps patches."""
    cassette = tmp_path / "threads.yaml"
    names = [f"/datastores/workspaceblobstore?api-version=2024-10-01-preview&n={i}"
             for i in range(12)]
    with record(cassette), ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda p: via_proxy.get(workspace_url(local_workspace, p)).status_code,
                      names))
    assert len(uris(cassette)) == len(names)


def test_no_planted_secret_reaches_the_cassette(
    via_proxy: requests.Session, local_workspace: LocalWorkspace, record: Any, tmp_path: Path
) -> None:
    settings = local_workspace.settings
    folder = tmp_path / "cassettes" / "secrets"
    with record(folder / "v2-run.yaml"):
        token = via_proxy.post(
            f"https://login.microsoftonline.com/{settings.tenant_id}/oauth2/v2.0/token",
            data={"client_id": settings.client_id, "client_secret": settings.client_secret,
                  "grant_type": "client_credentials",
                  "scope": "https://management.azure.com/.default"}).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}",
                  "x-ms-authorization-auxiliary": f"Bearer {PLANTED_JWT}"}
        key = via_proxy.post(workspace_url(
            local_workspace, "/datastores/workspaceblobstore/listSecrets"
                             "?api-version=2024-10-01-preview"),
            headers=bearer, json={"expirableSecret": True}).json()["key"]
        upload = via_proxy.post(workspace_url(
            local_workspace, "/codes/c0de0000-0000-0000-0000-000000000001/versions/1/"
                             "startPendingUpload?api-version=2023-04-01"),
            headers=bearer, json={"pendingUploadType": "TemporaryBlobReference"}).json()
        sas = upload["blobReferenceForConsumption"]["credential"]["sasUri"]
        container, query = sas.split("?", 1)
        via_proxy.put(f"{container}/planted.txt?{query}", data=b"hello",
                      headers={"x-ms-blob-type": "BlockBlob"})
        via_proxy.put(workspace_url(local_workspace, "/connections/planted?api-version=2024-10-01"),
                      headers=bearer, json={"properties": {"target": PLANTED_CONNECTION,
                                                           "runToken": PLANTED_JWT}})
    signature = dict(p.split("=", 1) for p in query.split("&"))["sig"]
    planted = {"client secret": settings.client_secret, "access token": token,
               "storage key": key, "SAS signature": signature,
               "SAS signature (decoded)": requests.utils.unquote(signature),
               "planted JWT": PLANTED_JWT, "connection string key": PLANTED_CONNECTION[-40:]}
    assert key == settings.account_key  # a real secret was in the live traffic
    written = "\n".join(p.read_text(errors="replace") for p in folder.rglob("*.yaml"))
    leaked = [kind for kind, value in planted.items() if value in written]
    assert leaked == []
    assert detect_secrets_findings(folder) == []


def test_detect_secrets_would_find_an_unscrubbed_cassette(tmp_path: Path) -> None:
    """The scan is a real check: the same folder with a raw key in it is flagged."""
    leaky = tmp_path / "leaky"
    leaky.mkdir()
    raw = {"interactions": [{"response": {"body": {"string": json.dumps(
        {"secretsType": "AccountKey", "key": base64.b64encode(bytes(range(7, 71))).decode()})}}}]}
    (leaky / "v1-run.yaml").write_text(json.dumps(raw))
    assert detect_secrets_findings(leaky) != []


def test_detect_secrets_is_installed() -> None:
    result = subprocess.run([sys.executable, "-m", "detect_secrets", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0
