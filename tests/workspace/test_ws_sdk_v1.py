"""azureml-core 1.61, unmodified, reaches the local workspace with configuration only.

v1 reads cloud settings at import time, so each check runs in a fresh interpreter with the
workspace's environment applied before ``import azureml.core``.
"""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

SERVICE_PRINCIPAL = """
    import json, os, time
    from azureml.core import Workspace
    from azureml.core.authentication import ServicePrincipalAuthentication
    from azureml.core.compute import ComputeTarget
    from azureml.exceptions import AuthenticationException, ComputeTargetException
    tenant, client = os.environ["AZURE_TENANT_ID"], os.environ["AZURE_CLIENT_ID"]
    auth = ServicePrincipalAuthentication(tenant, client, os.environ["AZURE_CLIENT_SECRET"])
    report = {}
    ws = Workspace.from_config(path=os.environ["AML_PARITY_WORKSPACE_DIR"], auth=auth)
    report["from_config"] = [ws.name, ws.resource_group, ws.location]
    ws = Workspace(os.environ["AZURE_SUBSCRIPTION_ID"], "parity-rg", "parity-ws", auth=auth)
    report["constructor"] = ws.get_details()["workspaceid"]
    report["compute"] = ComputeTarget(ws, "gpu-cluster").vm_size
    store = ws.get_default_datastore()
    report["default_datastore"] = [store.name, store.account_name, store.container_name]
    try:
        ComputeTarget(ws, "no-such-cluster")
    except ComputeTargetException as exc:
        report["missing_compute"] = str(exc)
    started = time.monotonic()
    try:
        wrong = ServicePrincipalAuthentication(tenant, client, "wrong")
        Workspace(os.environ["AZURE_SUBSCRIPTION_ID"], "parity-rg", "parity-ws", auth=wrong)
    except Exception as exc:
        report["wrong_secret"] = [str(exc), time.monotonic() - started]
    print(json.dumps(report))
"""

DEVICE_CODE = """
    import json, os
    from azureml.core import Workspace
    from azureml.core.authentication import InteractiveLoginAuthentication
    auth = InteractiveLoginAuthentication(tenant_id=os.environ["AZURE_TENANT_ID"])
    ws = Workspace.from_config(path=os.environ["AML_PARITY_WORKSPACE_DIR"], auth=auth)
    print(json.dumps({"workspace": ws.name}))
"""


@pytest.fixture(scope="module")
def v1(run_python: SdkRunner) -> dict[str, Any]:
    return run_python(SERVICE_PRINCIPAL)


def test_workspace_from_config_with_a_service_principal(v1: dict[str, Any]) -> None:
    assert v1["from_config"] == ["parity-ws", "parity-rg", "eastus"]


def test_workspace_constructor_with_a_service_principal(v1: dict[str, Any]) -> None:
    assert v1["constructor"] == "33333333-3333-3333-3333-333333333333"


def test_compute_target_through_the_rp_data_plane(v1: dict[str, Any]) -> None:
    assert v1["compute"] == "STANDARD_NC6S_V3"
    assert "ComputeTargetNotFound" in v1["missing_compute"]


def test_default_datastore_is_the_workspace_blobstore(v1: dict[str, Any]) -> None:
    assert v1["default_datastore"] == [
        "workspaceblobstore", "paritywsstore",
        "azureml-blobstore-33333333-3333-3333-3333-333333333333",
    ]


def test_wrong_client_secret_fails_fast_with_the_aadsts_error(v1: dict[str, Any]) -> None:
    message, seconds = v1["wrong_secret"]
    assert "AADSTS7000215" in message
    assert seconds < 5


def test_interactive_login_completes_through_an_approved_device_code(
    run_python: SdkRunner,
) -> None:
    report = run_python(DEVICE_CODE)
    assert report == {"workspace": "parity-ws"}
