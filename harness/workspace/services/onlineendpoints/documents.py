"""The ARM wire form of online endpoints and deployments."""

from __future__ import annotations

from typing import Any

from ...settings import Settings

ML = "Microsoft.MachineLearningServices"


def scoring_host(settings: Settings, endpoint: str) -> str:
    return f"{endpoint}.{settings.region}.inference.ml.azure.com"


def endpoint_view(settings: Settings, document: dict[str, Any]) -> dict[str, Any]:
    name = document["name"]
    host = scoring_host(settings, name)
    identity = document.get("identity") or {"type": "SystemAssigned"}
    return {
        "id": f"{settings.workspace_arm_id}/onlineEndpoints/{name}", "name": name,
        "type": f"{ML}/workspaces/onlineEndpoints", "location": document["location"],
        "tags": document["tags"], "kind": document["kind"],
        "identity": {**identity, "principalId": settings.client_object_id,
                     "tenantId": settings.tenant_id},
        "properties": {**document["properties"], "scoringUri": f"https://{host}/score",
                       "swaggerUri": f"https://{host}/swagger.json"},
        "systemData": document["systemData"],
    }


def deployment_view(settings: Settings, document: dict[str, Any]) -> dict[str, Any]:
    endpoint, name = document["endpoint"], document["name"]
    return {
        "id": f"{settings.workspace_arm_id}/onlineEndpoints/{endpoint}/deployments/{name}",
        "name": name, "type": f"{ML}/workspaces/onlineEndpoints/deployments",
        "location": document["location"], "tags": document["tags"], "kind": document["kind"],
        "sku": document["sku"], "properties": document["properties"],
        "systemData": document["systemData"],
    }
