"""Wire handlers of the v1 execution service: submit a snapshot run, cancel a run."""

from __future__ import annotations

import time
import uuid

from ...http import Request, Response
from ...settings import workspace_path
from ..arm.models import ArmBackend
from .models import ExecutionBackend


def _backend(request: Request) -> ExecutionBackend:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(ExecutionBackend)


def snapshot_run(request: Request) -> Response:
    """``POST .../experiments/{x}/snapshotrun?runId=``: answers ``{"runId": ...}``."""
    backend = _backend(request)
    experiment = request.params["experiment"]
    run_id = request.query.get("runId") or ""
    if not run_id:
        run_id = f"{experiment}_{int(time.time())}_{uuid.uuid4().hex[:8]}"
    p = request.params
    cancel_uri = (f"https://{request.host}/execution/v1.0"
                  f"{workspace_path(p['sub'], p['rg'], p['ws'])}"
                  f"/experiments/{experiment}/runId/{run_id}/cancel")
    backend.submit(experiment, run_id, request.json_object(), cancel_uri)
    return Response.json({"runId": run_id})


def cancel_run(request: Request) -> Response:
    run = _backend(request).cancel(request.params["run"])
    return Response.json({"runId": run["runId"], "status": run["status"]})
