"""Wire handlers of MLflow's REST API (``/api/2.0/mlflow/...``) as azureml-mlflow uses it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ...http import Request, Response
from ..arm.models import ArmBackend
from .logged_models import DEFAULT_MAX_RESULTS as MODELS_PAGE
from .logged_models import STATUSES, LoggedModelStore
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


def _pairs(items: Any) -> dict[str, str]:
    """MLflow's ``[{"key": k, "value": v}]`` lists (params, tags) as a mapping."""
    return {str(item["key"]): str(item.get("value", "")) for item in items or []}


def _log_one_metric(backend: MlflowBackend, run_id: str, metric: dict[str, Any]) -> None:
    """``log-metric`` and each ``log-batch`` metric; ``model_id``/``dataset_*`` are MLflow 3's."""
    dataset = {"dataset_name": str(metric.get("dataset_name") or ""),
               "dataset_digest": str(metric.get("dataset_digest") or "")}
    backend.log_metric(str(metric.get("run_id") or run_id), str(metric.get("key") or ""),
                       metric.get("value"), metric.get("timestamp"), metric.get("step"),
                       model_id=str(metric.get("model_id") or ""), dataset=dataset)


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
    _log_one_metric(_backend(request), _run_id(args), args)
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
        _log_one_metric(backend, run_id, metric)
    return Response.json({})


def log_inputs(request: Request) -> Response:
    args = _args(request)
    _backend(request).log_inputs(_run_id(args), list(args.get("datasets") or []),
                                 list(args.get("models") or []))
    return Response.json({})


def log_outputs(request: Request) -> Response:
    args = _args(request)
    _backend(request).log_outputs(_run_id(args), list(args.get("models") or []))
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


# logged models (MLflow 3) -----------------------------------------------------------------
def as_azure_answers(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Azure ML answers the logged-models routes 404 with an empty body; so do we, unless
    the workspace's settings serve them (`mlflow_logged_models`)."""

    @functools.wraps(handler)
    def answer(request: Request) -> Response:
        if not request.ctx.settings.mlflow_logged_models:
            return Response.empty(404)
        return handler(request)

    return answer


def _models(request: Request) -> LoggedModelStore:
    _backend(request)  # checks the workspace
    return request.ctx.backend(LoggedModelStore)


def logged_model_view(model: dict[str, Any]) -> dict[str, Any]:
    """A ``LoggedModel`` message: ``info`` (identity, status, tags) and ``data``."""
    info = {key: model[key] for key in (
        "model_id", "experiment_id", "name", "creation_timestamp_ms",
        "last_updated_timestamp_ms", "artifact_uri", "status", "model_type", "source_run_id",
        "status_message") if model.get(key) not in (None, "")}
    info["tags"] = [{"key": k, "value": v} for k, v in model["tags"].items()]
    return {"info": info,
            "data": {"params": [{"key": k, "value": v} for k, v in model["params"].items()],
                     "metrics": list(model["metrics"])}}


def _status(value: Any) -> str:
    """A status as its enum name; clients may send the number."""
    if isinstance(value, int) and 0 <= value < len(STATUSES):
        return STATUSES[value]
    return str(value or "")


@as_azure_answers
def create_logged_model(request: Request) -> Response:
    args = _args(request)
    model = _models(request).create(
        str(args.get("experiment_id") or ""), args.get("name") or None,
        model_type=str(args.get("model_type") or ""),
        source_run_id=str(args.get("source_run_id") or ""),
        params=_pairs(args.get("params")), tags=_pairs(args.get("tags")))
    return Response.json({"model": logged_model_view(model)})


@as_azure_answers
def get_logged_model(request: Request) -> Response:
    allow_deleted = str(request.query.get("allow_deleted", "")).lower() == "true"
    model = _models(request).get(request.params["model_id"], allow_deleted=allow_deleted)
    return Response.json({"model": logged_model_view(model)})


@as_azure_answers
def finalize_logged_model(request: Request) -> Response:
    args = _args(request)
    model = _models(request).finalize(request.params["model_id"], _status(args.get("status")))
    return Response.json({"model": logged_model_view(model)})


@as_azure_answers
def delete_logged_model(request: Request) -> Response:
    _models(request).delete(request.params["model_id"])
    return Response.json({})


@as_azure_answers
def set_logged_model_tags(request: Request) -> Response:
    args = _args(request)
    model = _models(request).set_tags(request.params["model_id"], _pairs(args.get("tags")))
    return Response.json({"model": logged_model_view(model)})


@as_azure_answers
def delete_logged_model_tag(request: Request) -> Response:
    _models(request).delete_tag(request.params["model_id"], request.params["tag_key"])
    return Response.json({})


@as_azure_answers
def log_logged_model_params(request: Request) -> Response:
    args = _args(request)
    _models(request).log_params(request.params["model_id"], _pairs(args.get("params")))
    return Response.json({})


@as_azure_answers
def search_logged_models(request: Request) -> Response:
    args = _args(request)
    models, next_token = _models(request).search(
        [str(x) for x in args.get("experiment_ids") or []], str(args.get("filter") or ""),
        list(args.get("datasets") or []), list(args.get("order_by") or []),
        int(args.get("max_results") or MODELS_PAGE), str(args.get("page_token") or ""))
    body: dict[str, Any] = {"models": [logged_model_view(m) for m in models]}
    if next_token:
        body["next_page_token"] = next_token
    return Response.json(body)
