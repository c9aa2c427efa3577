"""Wire handlers of v1 web services: the model management routes and ACI scoring."""

from __future__ import annotations

from typing import Any

from ...executor.scoring.logs import read_log, tail
from ...http import Request, Response
from ...settings import workspace_path
from .._endpoints import forward
from .._paging import page
from ..arm.models import ArmBackend
from ..modelmanagement.models import ModelRegistry
from . import exceptions
from .documents import operation_view, service_view
from .models import WebserviceBackend

OPERATION_WAIT_S = 30.0
"""How long an operation poll may wait for the deployment to settle (the SDK allows 80)."""
SCORING_WAIT_S = 120.0


def _backend(request: Request) -> WebserviceBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(WebserviceBackend)


def _operation_location(request: Request, operation_id: str) -> dict[str, str]:
    p = request.params
    return {"Operation-Location": f"{request.base_url}/modelmanagement/v1.0"
            f"{workspace_path(p['sub'], p['rg'], p['ws'])}/operations/{operation_id}"}


def _view(request: Request, document: dict[str, Any]) -> dict[str, Any]:
    registry = request.ctx.backend(ModelRegistry)
    request_models = (document["payload"].get("environmentImageRequest") or {}).get("modelIds")
    models = []
    for model_id in request_models or []:
        try:
            models.append(registry.model(str(model_id)))
        except exceptions.V1Error:
            continue  # a model deleted after deployment no longer shows
    return service_view(request.ctx.settings, document, models)


# validation ----------------------------------------------------------------------------------
def validate_name(request: Request) -> Response:
    message = _backend(request).name_taken_message(request.params["name"])
    return Response.json({} if message is None else {"error": {"message": message}})


def validate(request: Request) -> Response:
    _backend(request)
    request.json(default={})
    return Response.json({})


# services ------------------------------------------------------------------------------------
def create_service(request: Request) -> Response:
    operation_id = _backend(request).create(request.json_object())
    return Response.json({}, status=202, headers=_operation_location(request, operation_id))


def get_service(request: Request) -> Response:
    return Response.json(_view(request, _backend(request).get(request.params["name"])))


def list_services(request: Request) -> Response:
    backend = _backend(request)
    q = request.query
    found = [d for d in backend.list()
             if (not q.get("computeType") or d["payload"].get("computeType") == q["computeType"])
             and (not q.get("modelId") or q["modelId"] in _model_ids(d))
             and (not q.get("modelName")
                  or any(m.rpartition(":")[0] == q["modelName"] for m in _model_ids(d)))]
    return Response.json(page([_view(request, d) for d in found]))


def _model_ids(document: dict[str, Any]) -> list[str]:
    request = document["payload"].get("environmentImageRequest") or {}
    return [str(m) for m in request.get("modelIds") or []]


def delete_service(request: Request) -> Response:
    operation_id = _backend(request).delete(request.params["name"])
    if operation_id is None:
        return Response.empty(204)
    return Response.json({}, status=202, headers=_operation_location(request, operation_id))


def get_operation(request: Request) -> Response:
    operation = _backend(request).operation(request.params["id"], wait=OPERATION_WAIT_S)
    return Response.json(operation_view(operation))


def service_logs(request: Request) -> Response:
    path = _backend(request).log_path(request.params["name"])
    lines = request.query.get("tail", "")
    return Response.json({"content": tail(read_log(path), int(lines) if lines.isdigit() else None)})


def list_keys(request: Request) -> Response:
    return Response.json(_backend(request).keys(request.params["name"]))


def regenerate_keys(request: Request) -> Response:
    body = request.json_object()
    operation_id = _backend(request).regenerate_key(request.params["name"],
                                                    str(body.get("keyType") or "Primary"),
                                                    body.get("keyValue"))
    return Response.json({}, status=202, headers=_operation_location(request, operation_id))


# scoring -------------------------------------------------------------------------------------
def score(request: Request) -> Response:
    """Proxy ``<label>.<region>.azurecontainer.io`` to the service's scoring server.

    ACI checks the key only on ``/score`` (``Authorization: Bearer <primary|secondary>``)
    and only when the service has auth enabled; the liveness route stays open.
    """
    backend = request.ctx.backend(WebserviceBackend)
    document = backend.by_host_label(request.params["endpoint"])
    if document is None:
        return Response(404, b"", {"Content-Type": "text/plain"})
    if document["payload"].get("authEnabled") and request.path.rstrip("/") == "/score":
        given = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if not given or given not in document["keys"].values():
            return Response(401, b"", {"Content-Type": "text/plain",
                                       "WWW-Authenticate": "Bearer"})
    port = backend.scoring_port(document["name"], SCORING_WAIT_S)
    if port is None:
        return Response(503, b"Service Unavailable", {"Content-Type": "text/plain"})
    return forward(request, port)
