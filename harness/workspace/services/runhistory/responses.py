"""Wire handlers of v1 run history: experiments, runs, details, tags, events."""

from __future__ import annotations

from ...http import MalformedBody, Request, Response
from .._paging import page
from ..arm.models import ArmBackend
from ..artifacts.models import ArtifactStore
from ..metrics.models import MetricStore
from .models import RunStore
from .views import details_view, run_view


def _runs(request: Request) -> RunStore:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(RunStore)


def _experiment_name(request: Request, runs: RunStore) -> str | None:
    p = request.params
    if "experiment" in p:
        return p["experiment"]
    if "experiment_id" in p:
        return str(runs.experiment_by_id(p["experiment_id"])["name"])
    return None


def get_experiment(request: Request) -> Response:
    return Response.json(_runs(request).experiment(request.params["experiment"]))


def create_experiment(request: Request) -> Response:
    return Response.json(_runs(request).get_or_create_experiment(request.params["experiment"]))


def get_experiment_by_id(request: Request) -> Response:
    return Response.json(_runs(request).experiment_by_id(request.params["experiment_id"]))


def update_experiment(request: Request) -> Response:
    runs = _runs(request)
    name = runs.experiment_by_id(request.params["experiment_id"])["name"]
    body = request.json_object()
    fields = {k: v for k, v in body.items() if k in ("description", "tags", "archivedTime")}
    return Response.json(runs.update_experiment(name, **fields))


def get_run(request: Request) -> Response:
    runs = _runs(request)
    _experiment_name(request, runs)
    return Response.json(run_view(runs.get_run(request.params["run"])))


_PATCHABLE = ("parentRunId", "status", "startTimeUtc", "endTimeUtc", "heartbeatEnabled",
              "options", "name", "displayName", "description", "hidden", "runType",
              "properties", "scriptName", "target", "tags", "runDefinition",
              "primaryMetricName", "createdFrom", "cancelUri", "diagnosticsUri",
              "inputDatasets", "outputDatasets", "dataContainerId")


def patch_run(request: Request) -> Response:
    """Create or update a run (CreateRunDto); the SDK uses it for both."""
    runs = _runs(request)
    experiment = _experiment_name(request, runs) or ""
    body = request.json_object()
    fields = {k: v for k, v in body.items() if k in _PATCHABLE and v is not None}
    run = runs.upsert_run(experiment, request.params["run"], **fields)
    return Response.json(run_view(run))


def get_details(request: Request) -> Response:
    """Run details; observers may refresh the run first and learn what was shown."""
    runs = _runs(request)
    run = runs.before_details(runs.get_run(request.params["run"]))
    view = details_view(request.ctx, run)
    runs.after_details(run)
    return Response.json(view)


def get_children(request: Request) -> Response:
    runs = _runs(request)
    children = runs.list_runs(parent=request.params["run"])
    return Response.json(page([run_view(c) for c in children]))


def query_runs(request: Request) -> Response:
    runs = _runs(request)
    body = request.json_object()
    found = runs.list_runs(experiment=request.params["experiment"])
    text = str(body.get("filter") or "")
    if "parentrunid eq" in text.lower().replace("  ", " "):
        parent = text.split("'")[1] if "'" in text else None
        found = [r for r in found if r.get("parentRunId") == parent]
    return Response.json(page([run_view(r) for r in found]))


def delete_tags(request: Request) -> Response:
    body = request.json(default=[])
    if not isinstance(body, list):
        raise MalformedBody("the body must be a JSON list of tag names")
    run = _runs(request).delete_tags(request.params["run"], [str(n) for n in body])
    return Response.json(run_view(run))


_EVENT_STATUS = {"Microsoft.MachineLearning.Run.Canceled": "Canceled",
                 "Microsoft.MachineLearning.Run.Completed": "Completed",
                 "Microsoft.MachineLearning.Run.Failed": "Failed",
                 "Microsoft.MachineLearning.Run.Started": "Running"}


def post_event(request: Request) -> Response:
    """Run life-cycle events (``start_logging`` runs complete/fail/cancel this way)."""
    runs = _runs(request)
    run = runs.get_run(request.params["run"])
    event = request.json_object()
    status = _EVENT_STATUS.get(str(event.get("name")))
    if runs.on_event(run, str(event.get("name"))):
        return Response.json({})
    if status is not None:
        run = runs.set_status(run["runId"], status)
    return Response.json({})


def cancel_run(request: Request) -> Response:
    """``POST .../runs/{run}/cancel?CancelationReason=``: stop the run's job, keep why.

    Run history's "cancel run with URI" (azure-ai-ml's generated run history client,
    ``cancel_run_with_uri_by_experiment_name``); it answers the Run.
    """
    runs = _runs(request)
    _experiment_name(request, runs)
    run = runs.cancel(request.params["run"], request.query.get("CancelationReason") or None)
    return Response.json(run_view(run))


def metrics_ingested(request: Request) -> Response:
    """Metrics are stored synchronously, so ingestion is always complete."""
    _runs(request).get_run(request.params["run"])
    return Response.json({})


def run_data(request: Request) -> Response:
    """``POST /rundata``: a run with its metrics (used by the v2 data-plane clients)."""
    runs = _runs(request)
    body = request.json_object()
    run_id = str(body.get("runId") or "")
    run = runs.get_run(run_id)
    metrics = request.ctx.backend(MetricStore)
    latest = {name: value.data.get(name) for name, value in metrics.latest(run_id).items()}
    artifacts = request.ctx.backend(ArtifactStore)
    return Response.json({"runMetadata": run_view(run), "runMetrics": latest,
                          "runArtifacts": [a.path for a in artifacts.list(run_id)]})
