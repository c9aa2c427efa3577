"""Workspace handles for the spec phase: real SDK objects that make no network calls.

Spec parity must run in any pull-request gate, with no credentials and no
network, yet side callables are written against a real `Workspace` or
`MLClient`. Both SDKs can build those handles without calling the service.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

OFFLINE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
OFFLINE_RESOURCE_GROUP = "offline-rg"
OFFLINE_WORKSPACE = "offline-ws"
OFFLINE_TENANT = "00000000-0000-0000-0000-000000000001"


def placeholder_jwt(audience: str = "https://management.azure.com/") -> str:
    """An unsigned JWT with the claims both SDKs decode (`exp`, `tid`); it grants nothing."""

    def part(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    expires = int(time.time()) + 3600
    claims = {"aud": audience, "tid": OFFLINE_TENANT, "oid": "offline", "exp": expires}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.offline"


class OfflineCredential:
    """An azure-core TokenCredential for handles that are never used to call Azure."""

    def get_token(self, *scopes: str, **_: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken(placeholder_jwt(), int(time.time()) + 3600)


def offline_workspace() -> Any:
    """A v1 `Workspace` built with the SDK's own switch that skips the service check."""
    from azureml.core import Workspace
    from azureml.core.authentication import TokenAuthentication

    return Workspace(
        OFFLINE_SUBSCRIPTION,
        OFFLINE_RESOURCE_GROUP,
        OFFLINE_WORKSPACE,
        # An explicit cloud: without it the SDK downloads ARM's cloud list first.
        auth=TokenAuthentication(lambda audience: placeholder_jwt(audience), cloud="AzureCloud"),
        _disable_service_check=True,
    )


def offline_ml_client() -> Any:
    """A v2 `MLClient`; constructing one makes no calls."""
    from azure.ai.ml import MLClient

    return MLClient(
        OfflineCredential(), OFFLINE_SUBSCRIPTION, OFFLINE_RESOURCE_GROUP, OFFLINE_WORKSPACE
    )
