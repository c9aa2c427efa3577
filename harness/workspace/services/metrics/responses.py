"""Wire handlers of the metric service: batch ingest, list names, full history."""

from __future__ import annotations

from ...http import MalformedBody, Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from ..runhistory.models import RunStore
from . import documents, exceptions
from .models import MetricStore


def _store(request: Request) -> MetricStore:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    request.ctx.backend(RunStore).get_run(p["run"])
    return request.ctx.backend(MetricStore)


def post_batch(request: Request) -> Response:
    store = _store(request)
    body = request.json_object()
    values = body.get("values")
    if not isinstance(values, list):
        raise MalformedBody("a metric batch needs a 'values' list")
    for metric in values:
        if not isinstance(metric, dict) or not metric.get("name"):
            raise MalformedBody("each metric of a batch needs a 'name'")
        documents.ingest(store, request.params["run"], metric)
    return Response.json({"errors": []})


def list_metrics(request: Request) -> Response:
    store = _store(request)
    return Response.json(page(documents.definitions(store, request.params["run"])))


def get_full(request: Request) -> Response:
    store = _store(request)
    name = str(request.json_object().get("metricName") or "")
    metric = documents.full(store, request.params["run"], name)
    if metric is None:
        raise exceptions.metric_not_found(request.params["run"], name)
    return Response.json(metric)
