"""The server's contract with any client: real host names, clear refusals, no hangs."""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Callable
from typing import Any

import requests

from harness.workspace.runtime import LocalWorkspace


def test_unknown_host_is_a_404_and_one_log_line(
    via_proxy: requests.Session, server_log: Callable[[str], list[str]],
) -> None:
    answer = via_proxy.get("https://telemetry.example.org/v2/track?sig=c2VjcmV0", timeout=10)
    assert answer.status_code == 404
    assert len(server_log("telemetry.example.org")) == 1
    assert "/v2/track" in server_log("telemetry.example.org")[0]


def test_unknown_arm_route_is_a_404_in_arm_shape(
    via_proxy: requests.Session, server_log: Callable[[str], list[str]],
) -> None:
    answer = via_proxy.get("https://management.azure.com/providers/Nope.Nothing/things", timeout=10)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "NotFound"
    assert len(server_log("/providers/Nope.Nothing/things")) == 1


def test_unknown_v1_route_is_a_404_with_details(via_proxy: requests.Session) -> None:
    answer = via_proxy.get("https://eastus.api.azureml.ms/history/v1.0/nothing", timeout=10)
    assert answer.status_code == 404
    assert answer.json()["error"]["details"] == []


def test_malformed_json_is_a_400_saying_why(via_proxy: requests.Session,
                                            local_workspace: LocalWorkspace) -> None:
    url = (f"https://management.azure.com{local_workspace.settings.workspace_arm_id}"
           "/datastores/broken?api-version=2024-10-01-preview")
    answer = via_proxy.put(url, data=b"{not json", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert "not valid JSON" in answer.json()["error"]["message"]


def test_keep_alive_serves_many_requests_on_one_tunnel(local_workspace: LocalWorkspace) -> None:
    context = ssl.create_default_context(cafile=str(local_workspace.ca_bundle))
    connection = http.client.HTTPSConnection("127.0.0.1", local_workspace.port,
                                             context=context, timeout=10)
    connection.set_tunnel("eastus.api.azureml.ms", 443)
    sockets = set()
    for _ in range(3):
        connection.request("GET", "/discovery")
        answer = connection.getresponse()
        assert answer.status == 200
        assert answer.read()
        sockets.add(id(connection.sock))
    connection.close()
    assert len(sockets) == 1


def test_call_log_has_no_signatures(
    via_proxy: requests.Session, call_log: Callable[[], list[dict[str, Any]]],
) -> None:
    via_proxy.get("https://paritywsstore.blob.core.windows.net/azureml/x?sig=c2VjcmV0&sv=1")
    text = repr(call_log())
    assert "c2VjcmV0" not in text
    assert "sig=REDACTED" in text


def test_cloud_metadata_has_both_shapes(via_proxy: requests.Session) -> None:
    listed = via_proxy.get("https://management.azure.com/metadata/endpoints?api-version=2019-05-01")
    single = via_proxy.get("https://management.azure.com/metadata/endpoints?api-version=2022-09-01")
    assert listed.json()[0]["name"] == "AzureCloud"
    assert single.json()["resourceManager"] == "https://management.azure.com/"
