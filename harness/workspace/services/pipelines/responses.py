"""Wire handlers of the v1 pipelines service: one per SDK operation."""

from __future__ import annotations

from typing import Any

from ...executor.pipelines.orchestrator import PipelineOrchestrator
from ...http import MalformedBody, Request, Response
from ..arm.models import ArmBackend
from .models import PipelineEntities
from .views import PipelineRunViews


def _entities(request: Request) -> PipelineEntities:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(PipelineEntities)


def _orchestrator(request: Request) -> PipelineOrchestrator:
    _entities(request)
    return request.ctx.backend(PipelineOrchestrator)


def _views(request: Request) -> PipelineRunViews:
    _entities(request)
    return request.ctx.backend(PipelineRunViews)


def _node_ids(request: Request) -> list[str]:
    """The ``node_id_path`` body the node-level operations post (a JSON list of ids)."""
    body = request.json(default=[])
    if not isinstance(body, list):
        raise MalformedBody("the body must be a JSON list of node ids")
    return [str(n) for n in body]


def _node_id(request: Request) -> str:
    ids = _node_ids(request)
    if not ids:
        raise MalformedBody("the body must name the node")
    return ids[-1]


# data types ---------------------------------------------------------------------------
def list_datatypes(request: Request) -> Response:
    return Response.json(_entities(request).datatypes())


def create_datatype(request: Request) -> Response:
    return Response.json(_entities(request).put_datatype(request.json_object()))


def update_datatype(request: Request) -> Response:
    entities = _entities(request)
    return Response.json(entities.put_datatype(request.json_object(), request.params["id"]))


# modules ------------------------------------------------------------------------------
def create_module(request: Request) -> Response:
    return Response.json(_entities(request).create_module(request.json_object()))


def get_module(request: Request) -> Response:
    return Response.json(_entities(request).module(request.params["id"]))


def update_module(request: Request) -> Response:
    entities = _entities(request)
    return Response.json(entities.update_module(request.params["id"], request.json_object()))


def module_by_hash(request: Request) -> Response:
    return Response.json(_entities(request).module_by_hash(request.params["hash"]))


# data sources -------------------------------------------------------------------------
def create_datasource(request: Request) -> Response:
    return Response.json(_entities(request).create_datasource(request.json_object()))


def get_datasource(request: Request) -> Response:
    return Response.json(_entities(request).datasource(request.params["id"]))


def datasource_by_hash(request: Request) -> Response:
    return Response.json(_entities(request).datasource_by_hash(request.params["hash"]))


# graphs -------------------------------------------------------------------------------
def get_graph(request: Request) -> Response:
    return Response.json(_entities(request).graph(request.params["id"]))


def get_graph_interface(request: Request) -> Response:
    return Response.json(_entities(request).graph_interface(request.params["id"]))


# pipeline runs ------------------------------------------------------------------------
def create_unsubmitted_run(request: Request) -> Response:
    """``POST PipelineRuns/Unsubmitted/CreationInfoWithGraph?experimentName=``."""
    experiment = request.query.get("experimentName") or ""
    if not experiment:
        raise MalformedBody("the experimentName query parameter is required")
    return Response.json(_entities(request).create_pipeline_run(experiment,
                                                                request.json_object()))


def submit_run(request: Request) -> Response:
    orchestrator = _orchestrator(request)
    orchestrator.submit(request.params["run"], request.query.get("parentRunId"))
    return Response.json(None)


def get_pipeline_run(request: Request) -> Response:
    return Response.json(_views(request).pipeline_run(request.params["run"]))


def cancel_run(request: Request) -> Response:
    _orchestrator(request).cancel(request.params["run"])
    return Response.json(None)


def node_status_code(request: Request) -> Response:
    status = _views(request).node_status(request.params["run"], _node_id(request))
    return Response.json(status.get("StatusCode"))


def node_status(request: Request) -> Response:
    node = _node_id(request)
    return Response.json(_views(request).node_status(request.params["run"], node))


def all_node_statuses(request: Request) -> Response:
    return Response.json(_views(request).node_statuses(request.params["run"]))


def node_outputs(request: Request) -> Response:
    node = _node_id(request)
    return Response.json(_views(request).node_outputs(request.params["run"], node))


def _log(kind: str) -> Any:
    def handler(request: Request) -> Response:
        node = _node_id(request)
        text = _views(request).node_log(request.params["run"], node, kind)
        return Response.json(text)

    handler.__name__ = f"node_{kind}_log"
    handler.__doc__ = f"The node's {kind} log, as text (the SDK returns it as it is)."
    return handler


node_job_log = _log("job")
node_stdout_log = _log("stdout")
node_stderr_log = _log("stderr")
