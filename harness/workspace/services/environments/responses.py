"""Wire handlers of the v1 environment service; azureml-core checks only for 200."""

from __future__ import annotations

from urllib.parse import unquote

from ...http import Request, Response
from ..arm.models import ArmBackend
from .models import EnvironmentDefinitions


def _definitions(request: Request) -> EnvironmentDefinitions:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(EnvironmentDefinitions)


def _name(request: Request) -> str:
    return unquote(request.params["name"])


def register(request: Request) -> Response:
    definitions = _definitions(request)
    return Response.json(definitions.register(_name(request), request.params.get("version"),
                                              request.json_object()))


def get_definition(request: Request) -> Response:
    definitions = _definitions(request)
    return Response.json(definitions.get(_name(request), request.params.get("version")))


def get_by_label(request: Request) -> Response:
    definitions = _definitions(request)
    return Response.json(definitions.by_label(_name(request), request.params["label"]))


def set_labels(request: Request) -> Response:
    definitions = _definitions(request)
    labels = request.json_object().get("Labels") or []
    definitions.set_labels(_name(request), request.params["version"],
                           [str(label) for label in labels])
    return Response.empty(200)


def list_definitions(request: Request) -> Response:
    return Response.json({"value": _definitions(request).list(), "continuationToken": None})
