"""azure-ai-ml 1.35, unmodified, reaches the local workspace with configuration only."""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

V2_SCRIPT = """
    import json, os, time
    from azure.identity import ClientSecretCredential, DefaultAzureCredential
    from azure.ai.ml import MLClient
    from azure.core.exceptions import ClientAuthenticationError, ResourceNotFoundError
    sub, rg, name = os.environ["AZURE_SUBSCRIPTION_ID"], "parity-rg", "parity-ws"
    report = {}
    ml = MLClient(DefaultAzureCredential(), sub, rg, name)
    ws = ml.workspaces.get(name)
    report["workspace"] = [ws.name, ws.location, ws.discovery_url]
    configured = MLClient.from_config(DefaultAzureCredential(),
                                      path=os.environ["AML_PARITY_WORKSPACE_DIR"])
    report["from_config"] = configured.workspaces.get(name).name
    store = ml.datastores.get_default()
    report["default_datastore"] = [store.name, store.account_name, store.container_name]
    report["compute"] = ml.compute.get("cpu-cluster").size
    try:
        ml.compute.get("no-such-cluster")
    except ResourceNotFoundError as exc:
        report["missing_compute"] = str(exc)
    started = time.monotonic()
    try:
        ClientSecretCredential(os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"],
                               "wrong").get_token("https://management.azure.com/.default")
    except ClientAuthenticationError as exc:
        report["wrong_secret"] = [str(exc), time.monotonic() - started]
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def v2(run_python: SdkRunner) -> dict[str, Any]:
    return run_python(V2_SCRIPT)


def test_mlclient_gets_the_workspace(v2: dict[str, Any]) -> None:
    assert v2["workspace"] == ["parity-ws", "eastus", "https://eastus.api.azureml.ms/discovery"]


def test_mlclient_from_config_uses_the_folders_config_json(v2: dict[str, Any]) -> None:
    assert v2["from_config"] == "parity-ws"


def test_default_datastore_is_the_workspace_blobstore(v2: dict[str, Any]) -> None:
    assert v2["default_datastore"] == [
        "workspaceblobstore", "paritywsstore",
        "azureml-blobstore-33333333-3333-3333-3333-333333333333",
    ]


def test_known_compute_is_found_and_unknown_is_a_404(v2: dict[str, Any]) -> None:
    assert v2["compute"] == "STANDARD_DS3_V2"
    assert "no-such-cluster" in v2["missing_compute"]


def test_wrong_client_secret_fails_fast_with_the_aadsts_error(v2: dict[str, Any]) -> None:
    message, seconds = v2["wrong_secret"]
    assert "AADSTS7000215" in message
    assert seconds < 5
