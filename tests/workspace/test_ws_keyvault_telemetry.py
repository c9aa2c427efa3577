"""Key Vault's secrets API for the workspace's vault, and telemetry taken quietly."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable

import requests

from harness.workspace.runtime import LocalWorkspace

TOKEN = {"Authorization": "Bearer local"}


def _secret_url(workspace: LocalWorkspace, name: str, vault: str | None = None) -> str:
    return (f"https://{vault or workspace.settings.key_vault}.vault.azure.net/secrets/{name}"
            "?api-version=7.4")


def test_a_secret_is_set_and_read_back_with_its_versions(local_workspace: LocalWorkspace,
                                                         via_proxy: requests.Session) -> None:
    url = _secret_url(local_workspace, "db-conn")
    first = via_proxy.put(url, json={"value": "one"}, headers=TOKEN).json()
    second = via_proxy.put(url, json={"value": "two", "contentType": "text/plain"},
                           headers=TOKEN).json()
    current = via_proxy.get(url, headers=TOKEN).json()
    older = via_proxy.get(first["id"] + "?api-version=7.4", headers=TOKEN).json()
    assert current["value"] == "two" and current["id"] == second["id"]
    assert current["contentType"] == "text/plain"
    assert current["attributes"]["enabled"] is True
    assert older["value"] == "one"
    assert second["id"].startswith(f"https://{local_workspace.settings.key_vault}.vault.azure.net"
                                   "/secrets/db-conn/")


def test_a_request_without_a_token_gets_key_vaults_challenge(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    answer = via_proxy.get(_secret_url(local_workspace, "db-conn"))
    assert answer.status_code == 401
    challenge = answer.headers["WWW-Authenticate"]
    assert f"login.microsoftonline.com/{local_workspace.settings.tenant_id}" in challenge
    assert 'resource="https://vault.azure.net"' in challenge


def test_a_missing_secret_and_another_vault_are_404s(local_workspace: LocalWorkspace,
                                                     via_proxy: requests.Session) -> None:
    missing = via_proxy.get(_secret_url(local_workspace, "nothing-here"), headers=TOKEN)
    other = via_proxy.get(_secret_url(local_workspace, "db-conn", vault="someoneelses"),
                          headers=TOKEN)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "SecretNotFound")
    assert other.status_code == 404


def test_secret_values_stay_out_of_the_call_log(local_workspace: LocalWorkspace,
                                                via_proxy: requests.Session) -> None:
    value = "do-not-log-this-value"
    via_proxy.put(_secret_url(local_workspace, "logged"), json={"value": value}, headers=TOKEN)
    via_proxy.get(_secret_url(local_workspace, "logged"), headers=TOKEN)
    for name in ("calls.jsonl", "server.log"):
        path = local_workspace.directory / name
        assert value not in (path.read_text() if path.exists() else "")


def test_telemetry_is_taken_and_counted_quietly(
        via_proxy: requests.Session, server_log: Callable[[str], list[str]]) -> None:
    items = [{"name": "Microsoft.ApplicationInsights.Event"}] * 3
    plain = via_proxy.post("https://dc.services.visualstudio.com/v2/track", json=items)
    packed = via_proxy.post("https://eastus-8.in.applicationinsights.azure.com/v2.1/track",
                            data=gzip.compress("\n".join(json.dumps(i) for i in items).encode()),
                            headers={"Content-Encoding": "gzip",
                                     "Content-Type": "application/x-json-stream"})
    assert plain.status_code == packed.status_code == 200
    assert plain.json() == packed.json() == {"itemsReceived": 3, "itemsAccepted": 3,
                                             "errors": []}
    assert not server_log("visualstudio.com") and not server_log("applicationinsights")
