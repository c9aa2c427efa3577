"""Wire handlers for ARM; any api-version is accepted (the SDKs use many)."""

from __future__ import annotations

from typing import Any

from ...http import MalformedBody, Request, Response, new_id
from .._paging import page
from .api_versions import datastore_api_version, datastore_at
from .models import ArmBackend, cloud_metadata


def _backend(request: Request) -> ArmBackend:
    return request.ctx.backend(ArmBackend)


def _ok(document: Any, status: int = 200) -> Response:
    return Response.json(document, status=status, headers={
        "Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1",
        "x-ms-response-type": "standard", "x-ms-correlation-request-id": new_id()})


def _workspace_backend(request: Request) -> ArmBackend:
    backend = _backend(request)
    p = request.params
    backend.check_workspace(p["sub"], p["rg"], p["ws"])
    return backend


def metadata_endpoints(request: Request) -> Response:
    """The list form (api-version 2019-05-01 and older, what v1 needs) or one cloud (newer)."""
    clouds = cloud_metadata()
    version = request.query.get("api-version", "2019-05-01")
    return Response.json(clouds if version <= "2019-05-01" else clouds[0])


def list_subscriptions(request: Request) -> Response:
    return _ok(page([_backend(request).subscription()],
                    extra={"count": {"type": "Total", "value": 1}}))


def get_subscription(request: Request) -> Response:
    backend = _backend(request)
    backend.check_subscription(request.params["sub"])
    return _ok(backend.subscription())


def list_tenants(request: Request) -> Response:
    return _ok(page([_backend(request).tenant()]))


def get_resource_group(request: Request) -> Response:
    backend = _backend(request)
    backend.check_group(request.params["sub"], request.params["rg"])
    return _ok(backend.resource_group())


def get_workspace(request: Request) -> Response:
    return _ok(_workspace_backend(request).workspace())


def list_workspaces(request: Request) -> Response:
    backend = _backend(request)
    if "rg" in request.params:
        backend.check_group(request.params["sub"], request.params["rg"])
        found = request.params["rg"].lower() == backend.settings.resource_group.lower()
    else:
        backend.check_subscription(request.params["sub"])
        found = True
    return _ok(page([backend.workspace()] if found else []))


def list_datastores(request: Request) -> Response:
    version = datastore_api_version(request)
    stores = [datastore_at(d, version) for d in _workspace_backend(request).datastores()]
    if request.query.get("isDefault", "").lower() == "true":
        stores = [d for d in stores if d["properties"].get("isDefault")]
    names = set(request.query_all.get("names", []))
    if names:
        stores = [d for d in stores if d["name"] in names]
    return _ok(page(stores))


def get_datastore(request: Request) -> Response:
    version = datastore_api_version(request)
    return _ok(datastore_at(_workspace_backend(request).datastore(request.params["name"]),
                            version))


def put_datastore(request: Request) -> Response:
    version = datastore_api_version(request)
    backend = _workspace_backend(request)
    properties = request.json_object().get("properties")
    if not isinstance(properties, dict):
        raise MalformedBody("datastore body needs a 'properties' object")
    existed = any(d["name"] == request.params["name"] for d in backend.datastores())
    document = backend.put_datastore(request.params["name"], properties)
    return _ok(datastore_at(document, version), status=200 if existed else 201)


def delete_datastore(request: Request) -> Response:
    deleted = _workspace_backend(request).delete_datastore(request.params["name"])
    return Response.empty(200 if deleted else 204)


def list_datastore_secrets(request: Request) -> Response:
    request.json(default={})  # 1.35 sends {"expirableSecret": true, ...}; only check it parses
    return _ok(_workspace_backend(request).datastore_secrets(request.params["name"]))


def get_compute(request: Request) -> Response:
    return _ok(_workspace_backend(request).compute(request.params["name"]))


def list_computes(request: Request) -> Response:
    return _ok(page(_workspace_backend(request).computes()))
