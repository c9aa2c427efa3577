"""Open a workspace with each SDK's standard credentials: only configuration differs by target.

The same code reaches the local workspace (whose proxy, CA bundle and service
principal come from `aml-parity workspace env`) and a real Azure workspace
(`config.json` plus the user's own credentials).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def v1_workspace(config: Path) -> Any:
    """`Workspace.from_config` with service-principal auth when the environment names one."""
    from azureml.core import Workspace

    return Workspace.from_config(path=str(config), auth=_v1_auth())


def _v1_auth() -> Any:
    tenant, client, secret = (
        os.environ.get(k) for k in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET")
    )
    if tenant and client and secret:
        from azureml.core.authentication import ServicePrincipalAuthentication

        return ServicePrincipalAuthentication(tenant, client, secret)
    return None  # the SDK's own default: Azure CLI login, then interactive


def v2_client(config: Path) -> Any:
    """`MLClient.from_config` with `DefaultAzureCredential`, as Microsoft's samples do."""
    from azure.ai.ml import MLClient
    from azure.identity import DefaultAzureCredential

    return MLClient.from_config(DefaultAzureCredential(), path=str(config))
