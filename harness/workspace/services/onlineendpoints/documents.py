"""The ARM wire form of online endpoints, deployments and their long-running operations.

Azure answers a PUT or DELETE with ``Azure-AsyncOperation`` (a status document the
client polls) and, for deletes, ``Location``. azure-core's poller asks the status once
right away and sleeps between later polls (``Retry-After``, else 5 to 30 s), so the
status route waits for the work to settle before answering: the first poll is usually
final and nobody sleeps.
"""

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


def operation_path(settings: Settings, operation_id: str, kind: str) -> str:
    s = settings
    return (f"/subscriptions/{s.subscription_id}/providers/{ML}/locations/{s.region}/"
            f"{kind}/{operation_id}")


def accepted_headers(settings: Settings, base_url: str, operation_id: str, api_version: str,
                     location: bool = False) -> dict[str, str]:
    """The headers of an accepted request: where to poll its status (and result)."""
    query = f"?api-version={api_version}"
    status = operation_path(settings, operation_id, "mfeOperationsStatus")
    headers = {"Azure-AsyncOperation": f"{base_url}{status}{query}&type=async",
               "x-ms-async-operation-timeout": "PT1H"}
    if location:
        result = operation_path(settings, operation_id, "mfeOperationResults")
        headers["Location"] = f"{base_url}{result}{query}&type=location"
    return headers


def operation_view(settings: Settings, operation: dict[str, Any]) -> dict[str, Any]:
    document = {"id": operation_path(settings, operation["name"], "mfeOperationsStatus"),
                "name": operation["name"], "status": operation["status"],
                "startTime": operation["startTime"]}
    if operation["endTime"]:
        document["endTime"] = operation["endTime"]
    if operation["error"]:
        document["error"] = operation["error"]
    return document
