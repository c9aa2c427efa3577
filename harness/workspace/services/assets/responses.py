"""Wire handlers for asset versions and containers; any api-version is accepted."""

from __future__ import annotations

from typing import Any

from ...http import MalformedBody, Request, Response, new_id
from .._paging import page
from ..arm.models import ArmBackend
from .models import AssetBackend, AssetKind, kind_of


def _ok(document: Any, status: int = 200) -> Response:
    return Response.json(document, status=status, headers={
        "Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1",
        "x-ms-response-type": "standard", "x-ms-correlation-request-id": new_id()})


def _scope(request: Request) -> tuple[AssetBackend, AssetKind]:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(AssetBackend), kind_of(p["kind"])


def put_version(request: Request) -> Response:
    backend, kind = _scope(request)
    properties = request.json_object().get("properties")
    if not isinstance(properties, dict):
        raise MalformedBody(f"{kind.label} version body needs a 'properties' object")
    document, created = backend.put_version(kind, request.params["name"],
                                            request.params["version"], properties)
    return _ok(document, status=201 if created else 200)


def get_version(request: Request) -> Response:
    backend, kind = _scope(request)
    return _ok(backend.get_version(kind, request.params["name"], request.params["version"]))


def list_versions(request: Request) -> Response:
    backend, kind = _scope(request)
    q = request.query
    top = q.get("$top") or q.get("top")
    documents = backend.list_versions(
        kind, request.params["name"], order_by=q.get("$orderBy") or q.get("orderBy", ""),
        top=int(top) if top and top.isdigit() else None, content_hash=q.get("hash", ""),
        view=q.get("listViewType", "ActiveOnly"))
    return _ok(page(documents))


def get_container(request: Request) -> Response:
    backend, kind = _scope(request)
    return _ok(backend.container(kind, request.params["name"]))


def list_containers(request: Request) -> Response:
    backend, kind = _scope(request)
    return _ok(page(backend.containers(kind)))


def start_pending_upload(request: Request) -> Response:
    backend, _ = _scope(request)
    request.json(default={})
    return _ok(backend.start_pending_upload(request.params["name"], request.params["version"]))
