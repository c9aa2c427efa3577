"""Wire handlers of online endpoints: ARM resources, credentials, operations, scoring."""

from __future__ import annotations

from typing import Any

from ...executor.scoring.logs import read_log, tail
from ...http import Request, Response, new_id
from .._endpoints import forward
from .._paging import page
from ..arm.models import ArmBackend
from .documents import accepted_headers, deployment_view, endpoint_view, operation_view
from .models import EndpointBackend, OperationStore

OPERATION_WAIT_S = 25.0
"""How long a status poll may wait for the work to settle before answering InProgress."""
SCORING_WAIT_S = 120.0
DEFAULT_API_VERSION = "2023-04-01-preview"


def _ok(document: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response.json(document, status=status, headers={
        "Cache-Control": "no-cache", "Pragma": "no-cache", "Expires": "-1",
        "x-ms-correlation-request-id": new_id(), **(headers or {})})


def _backend(request: Request) -> EndpointBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(EndpointBackend)


def _accepted(request: Request, operation_id: str, location: bool = False) -> dict[str, str]:
    api_version = request.query.get("api-version") or DEFAULT_API_VERSION
    return accepted_headers(request.ctx.settings, request.base_url, operation_id, api_version,
                            location=location)


# endpoints -----------------------------------------------------------------------------------
def put_endpoint(request: Request) -> Response:
    document, created, operation = _backend(request).put_endpoint(request.params["endpoint"],
                                                                  request.json_object())
    return _ok(endpoint_view(request.ctx.settings, document), 201 if created else 200,
               _accepted(request, operation))


def get_endpoint(request: Request) -> Response:
    document = _backend(request).endpoint(request.params["endpoint"])
    return _ok(endpoint_view(request.ctx.settings, document))


def list_endpoints(request: Request) -> Response:
    settings = request.ctx.settings
    return _ok(page([endpoint_view(settings, d) for d in _backend(request).endpoints()]))


def delete_endpoint(request: Request) -> Response:
    operation = _backend(request).delete_endpoint(request.params["endpoint"])
    if operation is None:
        return Response.empty(204)
    return _ok({}, 202, {**_accepted(request, operation, location=True), "Retry-After": "1"})


def list_keys(request: Request) -> Response:
    return _ok(_backend(request).keys(request.params["endpoint"]))


def regenerate_keys(request: Request) -> Response:
    body = request.json_object()
    operation = _backend(request).regenerate_key(request.params["endpoint"],
                                                 str(body.get("keyType") or "Primary"),
                                                 body.get("keyValue"))
    return _ok({}, 202, {**_accepted(request, operation, location=True), "Retry-After": "1"})


def get_token(request: Request) -> Response:
    return _ok(_backend(request).token(request.params["endpoint"]))


# deployments ---------------------------------------------------------------------------------
def put_deployment(request: Request) -> Response:
    p = request.params
    document, created, operation = _backend(request).put_deployment(
        p["endpoint"], p["deployment"], request.json_object())
    return _ok(deployment_view(request.ctx.settings, document), 201 if created else 200,
               _accepted(request, operation))


def get_deployment(request: Request) -> Response:
    p = request.params
    document = _backend(request).deployment(p["endpoint"], p["deployment"])
    return _ok(deployment_view(request.ctx.settings, document))


def list_deployments(request: Request) -> Response:
    backend = _backend(request)
    endpoint = request.params["endpoint"]
    backend.endpoint(endpoint)
    settings = request.ctx.settings
    return _ok(page([deployment_view(settings, d) for d in backend.deployments(endpoint)]))


def delete_deployment(request: Request) -> Response:
    p = request.params
    operation = _backend(request).delete_deployment(p["endpoint"], p["deployment"])
    return _ok({}, 202, {**_accepted(request, operation, location=True), "Retry-After": "1"})


def deployment_logs(request: Request) -> Response:
    p = request.params
    body = request.json_object()
    path = _backend(request).log_path(p["endpoint"], p["deployment"], body.get("containerType"))
    lines = body.get("tail")
    return _ok({"content": tail(read_log(path), int(lines) if isinstance(lines, int) else None)})


# operations ----------------------------------------------------------------------------------
def _operation(request: Request) -> dict[str, Any] | None:
    store = request.ctx.backend(OperationStore)
    operation = store.get(request.params["operation"])
    if operation is not None and operation["status"] == "InProgress":
        request.ctx.backend(EndpointBackend).operation_settled(operation["waitsFor"],
                                                               OPERATION_WAIT_S)
        operation = store.get(request.params["operation"])
    return operation


def operation_status(request: Request) -> Response:
    operation = _operation(request)
    if operation is None:
        return _ok({"status": "Succeeded"})  # forgotten with its resource: it had finished
    headers = {"Retry-After": "1"} if operation["status"] == "InProgress" else {}
    return _ok(operation_view(request.ctx.settings, operation), headers=headers)


def operation_result(request: Request) -> Response:
    operation = _operation(request)
    if operation is not None and operation["status"] == "InProgress":
        return _ok({}, 202, {"Retry-After": "1", "Location": request.base_url + request.raw_path
                             + f"?{request.query_string}"})
    return Response.empty(200)


# scoring -------------------------------------------------------------------------------------
def _refuse(status: int, message: str) -> Response:
    return Response.json({"message": message}, status=status)


def score(request: Request) -> Response:
    """Proxy ``<endpoint>.<region>.inference.ml.azure.com`` to a deployment's server.

    Every request needs ``Authorization: Bearer <key or token>`` (401 otherwise). The
    ``azureml-model-deployment`` header picks a deployment, else traffic weights do; the
    answer names the deployment in the same header. A non-200 answer of the scoring
    server becomes 424 with ``ms-azureml-model-error-statuscode``, as Azure reports it.
    """
    backend = request.ctx.backend(EndpointBackend)
    name = request.params["endpoint"]
    document = backend.find_endpoint(name)
    if document is None:
        return _refuse(404, f"Endpoint {name} was not found.")
    if not backend.authorized(document, request.headers.get("Authorization")):
        return _refuse(401, "Unauthorized: a valid key or token is required "
                            "(Authorization: Bearer <key or token>).")
    deployment = backend.route(document, request.headers.get("azureml-model-deployment"))
    if deployment is None:
        return _refuse(404, "No valid deployments to route to. Please check that the endpoint "
                            "has at least one deployment with positive weight values or use a "
                            "deployment specific header to route.")
    port = backend.scoring_port(name, deployment, SCORING_WAIT_S)
    if port is None:
        return _refuse(503, f"Deployment {deployment} is not running.")
    answer = forward(request, port, {"azureml-model-deployment": deployment})
    if answer.status != 200:
        answer.headers["ms-azureml-model-error-statuscode"] = str(answer.status)
        answer.headers["ms-azureml-model-error-reason"] = "model_error"
        answer.status = 424
    return answer
