"""The wire form of a v1 ACI web service, as ``GET .../services/{name}?expand=true`` returns it.

``AciWebservice`` refuses a payload without ``cname``, ``publicIp``, ``sslCertificate``,
``sslKey`` or ``containerResourceRequirements`` (its ``_expected_payload_keys``), so they
are always present, null when unused. The scoring URI is plain ``http`` on
``<dns label>.<region>.azurecontainer.io``, as ACI gives it without SSL.
"""

from __future__ import annotations

from typing import Any

from ...settings import Settings


def scoring_host(settings: Settings, document: dict[str, Any]) -> str:
    return f"{document['dnsLabel']}.{settings.region}.azurecontainer.io"


def public_ip(document: dict[str, Any]) -> str:
    """A stable public-looking address derived from the service's DNS label."""
    digits = int(document["dnsLabel"].replace("-", "")[:6], 16)
    return f"20.{(digits >> 16) & 255}.{(digits >> 8) & 255}.{digits & 255 or 1}"


def service_view(settings: Settings, document: dict[str, Any],
                 models: list[dict[str, Any]]) -> dict[str, Any]:
    payload = document["payload"]
    host = scoring_host(settings, document)
    ssl_enabled = bool(payload.get("sslEnabled"))
    scheme = "https" if ssl_enabled else "http"
    user = {"userObjectId": settings.user_object_id, "userPuId": None, "userIdp": None,
            "userAltSecId": None, "userIss": None, "userTenantId": settings.tenant_id,
            "userName": settings.user_name}
    return {
        "id": document["name"], "name": document["name"],
        "description": payload.get("description"), "kvTags": payload.get("kvTags") or {},
        "properties": {"hasInferenceSchema": "False", "hasHttps": str(ssl_enabled),
                       **(payload.get("properties") or {})},
        "operationId": document["operationId"], "state": document["state"],
        "error": document["error"], "createdTime": document["createdTime"],
        "updatedTime": document["updatedTime"], "createdBy": user,
        "computeType": payload.get("computeType"), "imageId": None, "imageDigest": None,
        "environmentImageRequest": payload.get("environmentImageRequest"),
        "models": models, "modelConfigMap": {},
        "containerResourceRequirements": payload.get("containerResourceRequirements") or {
            "cpu": 0.1, "memoryInGB": 0.5},
        "authEnabled": bool(payload.get("authEnabled")),
        "appInsightsEnabled": bool(payload.get("appInsightsEnabled")),
        "dataCollection": payload.get("dataCollection") or {"storageEnabled": False,
                                                           "eventHubEnabled": False},
        "sslEnabled": ssl_enabled, "sslCertificate": payload.get("sslCertificate"),
        "sslKey": payload.get("sslKey"), "cname": payload.get("cname"),
        "publicIp": public_ip(document), "publicFqdn": host,
        "scoringUri": f"{scheme}://{host}/score", "swaggerUri": f"{scheme}://{host}/swagger.json",
        "location": payload.get("location") or settings.region,
        "encryptionProperties": payload.get("encryptionProperties"),
        "vnetConfiguration": payload.get("vnetConfiguration"),
        "deploymentType": "GRPCRealtimeEndpoint",
    }


def operation_view(operation: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in operation.items() if k != "serviceName"}
