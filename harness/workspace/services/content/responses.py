"""Wire handlers of the content service: latest snapshot, upload URLs, create, get."""

from __future__ import annotations

from ...http import MalformedBody, Request, Response
from ..arm.models import ArmBackend
from .models import SnapshotStore


def _store(request: Request) -> SnapshotStore:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(SnapshotStore)


def _public(snapshot: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in snapshot.items() if k != "files"}


def latest_metadata(request: Request) -> Response:
    latest = _store(request).latest()
    if latest is None:
        return Response.json({"id": None, "root": {}})
    return Response.json(_public(latest))


def get_blob_urls(request: Request) -> Response:
    body = request.json_object()
    names = body.get("FileNames") or body.get("fileNames")
    if not isinstance(names, list):
        raise MalformedBody("the body needs a 'FileNames' list")
    return Response.json({"fileNodes": _store(request).upload_urls([str(n) for n in names])})


def create_snapshot(request: Request) -> Response:
    snapshot = _store(request).create(request.params["snapshot"], request.json_object())
    return Response.json(_public(snapshot))


def get_snapshot(request: Request) -> Response:
    return Response.json(_public(_store(request).get(request.params["snapshot"])))
