"""Wire handlers for the v1 datastore service."""

from __future__ import annotations

from ...http import Request, Response
from ..arm.models import ArmBackend
from .models import DatastoreBackend


def _backend(request: Request) -> DatastoreBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(DatastoreBackend)


def get_default(request: Request) -> Response:
    return Response.json(_backend(request).default())


def get_datastore(request: Request) -> Response:
    return Response.json(_backend(request).get(request.params["name"]))


def list_datastores(request: Request) -> Response:
    return Response.json({"value": _backend(request).all(), "continuationToken": None})
