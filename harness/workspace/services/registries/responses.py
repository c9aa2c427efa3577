"""Wire handlers of registry discovery and of asset lookups in a registry."""

from __future__ import annotations

from ...http import Request, Response
from .._paging import page
from . import exceptions
from .models import RegistryDirectory


def _directory(request: Request) -> RegistryDirectory:
    return request.ctx.backend(RegistryDirectory)


def discovery(request: Request) -> Response:
    return Response.json(_directory(request).discovery(request.params["registry"]))


def get_asset(request: Request) -> Response:
    """Any asset or version in a registry: the registry holds none here."""
    p = request.params
    registry = _directory(request).known(p["registry"])
    raise exceptions.asset_not_found(registry, p["kind"], p["name"], p.get("version"))


def list_assets(request: Request) -> Response:
    """The containers of a kind, or the versions of a name: an empty page, or the name's 404."""
    p = request.params
    registry = _directory(request).known(p["registry"])
    if p.get("name"):
        raise exceptions.asset_not_found(registry, p["kind"], p["name"], None)
    return Response.json(page([]))
