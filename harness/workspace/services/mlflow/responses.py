"""Wire handlers of MLflow's REST API (``/api/2.0/mlflow/...``) as azureml-mlflow uses it."""

from __future__ import annotations

from typing import Any

from ...http import Request, Response
from ..arm.models import ArmBackend
from .models import MlflowBackend

DEFAULT_MAX_RESULTS = 1000


def _backend(request: Request) -> MlflowBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(MlflowBackend)


def _args(request: Request) -> dict[str, Any]:
    """GET endpoints take query parameters, POST endpoints a JSON body."""
    if request.method == "GET":
        return dict(request.query)
    return request.json_object()


def _run_id(args: dict[str, Any]) -> str:
    return str(args.get("run_id") or args.get("run_uuid") or "")


def get_run(request: Request) -> Response:
    return Response.json({"run": _backend(request).get_run(_run_id(_args(request)))})


def create_run(request: Request) -> Response:
    args = _args(request)
    tags = {t["key"]: t.get("value", "") for t in args.get("tags") or []}
    run = _backend(request).create_run(str(args.get("experiment_id") or ""),
                                       args.get("run_name"), args.get("start_time"), tags)
    return Response.json({"run": run})


def update_run(request: Request) -> Response:
    args = _args(request)
    info = _backend(request).update_run(_run_id(args), args.get("status"), args.get("end_time"),
                                        args.get("run_name"))
    return Response.json({"run_info": info})


def log_metric(request: Request) -> Response:
    args = _args(request)
    _backend(request).log_metric(_run_id(args), str(args.get("key") or ""), args.get("value"),
                                 args.get("timestamp"), args.get("step"))
    return Response.json({})


def log_parameter(request: Request) -> Response:
    args = _args(request)
    _backend(request).log_params(_run_id(args), {str(args["key"]): str(args.get("value", ""))})
    return Response.json({})


def set_tag(request: Request) -> Response:
    args = _args(request)
    _backend(request).set_tags(_run_id(args), {str(args["key"]): str(args.get("value", ""))})
    return Response.json({})


def delete_tag(request: Request) -> Response:
    args = _args(request)
    _backend(request).delete_tag(_run_id(args), str(args.get("key") or ""))
    return Response.json({})


def log_batch(request: Request) -> Response:
    args = _args(request)
    backend = _backend(request)
    run_id = _run_id(args)
    params = {str(p["key"]): str(p.get("value", "")) for p in args.get("params") or []}
    if params:
        backend.log_params(run_id, params)
    tags = {str(t["key"]): str(t.get("value", "")) for t in args.get("tags") or []}
    if tags:
        backend.set_tags(run_id, tags)
    for metric in args.get("metrics") or []:
        backend.log_metric(run_id, str(metric.get("key") or ""), metric.get("value"),
                           metric.get("timestamp"), metric.get("step"))
    return Response.json({})


def metric_history(request: Request) -> Response:
    args = _args(request)
    history = _backend(request).metric_history(_run_id(args), str(args.get("metric_key") or ""))
    return Response.json({"metrics": history})


def search_runs(request: Request) -> Response:
    args = _args(request)
    runs = _backend(request).search_runs(
        [str(x) for x in args.get("experiment_ids") or []], str(args.get("filter") or ""),
        [str(x) for x in args.get("order_by") or []],
        int(args.get("max_results") or DEFAULT_MAX_RESULTS))
    return Response.json({"runs": runs} if runs else {})


def get_experiment_by_name(request: Request) -> Response:
    name = str(_args(request).get("experiment_name") or "")
    return Response.json({"experiment": _backend(request).experiment_by_name(name)})


def get_experiment(request: Request) -> Response:
    experiment_id = str(_args(request).get("experiment_id") or "")
    return Response.json({"experiment": _backend(request).experiment_by_id(experiment_id)})


def create_experiment(request: Request) -> Response:
    args = _args(request)
    tags = {t["key"]: t.get("value", "") for t in args.get("tags") or []}
    experiment_id = _backend(request).create_experiment(str(args.get("name") or ""), tags)
    return Response.json({"experiment_id": experiment_id})


def search_experiments(request: Request) -> Response:
    return Response.json({"experiments": _backend(request).experiments()})
