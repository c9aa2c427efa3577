"""Wire handlers of v1 model management: assets and models."""

from __future__ import annotations

from ...http import Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from .models import ModelRegistry


def _registry(request: Request) -> ModelRegistry:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(ModelRegistry)


def create_asset(request: Request) -> Response:
    return Response.json(_registry(request).create_asset(request.json_object()))


def get_asset(request: Request) -> Response:
    return Response.json(_registry(request).asset(request.params["id"]))


def list_assets(request: Request) -> Response:
    q = request.query
    found = _registry(request).assets(run_id=q.get("runId"), name=q.get("name"))
    return Response.json(page(found))


def register_model(request: Request) -> Response:
    return Response.json(_registry(request).register(request.json_object()))


def get_model(request: Request) -> Response:
    return Response.json(_registry(request).model(request.params["id"]))


def delete_model(request: Request) -> Response:
    _registry(request).delete(request.params["id"])
    return Response.empty(200)


def list_models(request: Request) -> Response:
    q = request.query
    tags: dict[str, str | None] = {}
    for part in filter(None, (q.get("tags") or "").split(",")):
        key, sep, value = part.partition("=")
        tags[key] = value if sep else None
    found = _registry(request).models(name=q.get("name"), run_id=q.get("runId"), tags=tags)
    if (q.get("latestVersionOnly") or "").lower() == "true":
        latest: dict[str, dict[str, object]] = {}
        for model in found:  # newest first, so the first of each name is its latest
            latest.setdefault(str(model["name"]), model)
        found = list(latest.values())
    return Response.json(page(found))
