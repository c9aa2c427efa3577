"""Wire handlers for the v1 datastore service."""

from __future__ import annotations

from ...http import Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from .views import DatastoreViews


def _views(request: Request) -> DatastoreViews:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(DatastoreViews)


def get_default(request: Request) -> Response:
    return Response.json(_views(request).default())


def get_datastore(request: Request) -> Response:
    return Response.json(_views(request).get(request.params["name"]))


def list_datastores(request: Request) -> Response:
    return Response.json(page(_views(request).all()))
