"""Run a v2 side with azure-ai-ml: create the job, stream it, collect through MLflow."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..evidence import FileRef, SideEvidence
from ..evidence.collect import v2_evidence
from ..evidence.packages import PACKAGES_ARTIFACT, environment_evidence
from ..scenario import Scenario, ScenarioError
from .callables import call_side
from .connect import v2_client
from .context import SideContext
from .request import SideRequest
from .upload_race import retrying_upload_race
from .yaml_entities import load_yaml_entities

V2_LOGS = ("user_logs/std_log.txt", "azureml-logs/70_driver_log.txt")


def run_v2(scenario: Scenario, request: SideRequest, run_token: str = "") -> SideEvidence:
    ml_client = v2_client(Path(request.workspace_config))
    ctx = SideContext(scenario.name, "v2", scenario.folder, "run", run_token or request.run_token)
    job = _job_of(scenario, ml_client, ctx)
    if not getattr(job, "name", None):
        job.name = ctx.run_name  # a name the harness chose replays; the SDK's random one would not
    started = time.monotonic()
    request.note_submitted(ctx.experiment_name, job.name)
    created = retrying_upload_race(
        lambda: ml_client.jobs.create_or_update(job, experiment_name=ctx.experiment_name))
    stream_error = ""
    try:
        ml_client.jobs.stream(created.name)
    except Exception as exc:  # the SDK raises JobException when the job fails
        stream_error = " ".join(str(exc).split())
    return collect_v2(ml_client, created.name, request.folder.files_dir,
                      time.monotonic() - started, stream_error)


def _job_of(scenario: Scenario, ml_client: Any, ctx: SideContext) -> Any:
    from azure.ai.ml.entities import Job
    from azure.ai.ml.entities._builders import BaseNode

    objects: list[Any] = list(load_yaml_entities(scenario).values())
    if scenario.v2.callable:
        result = call_side(scenario, scenario.v2, ml_client, ctx)
        objects += list(result.values()) if isinstance(result, dict) else (
            list(result) if isinstance(result, list | tuple) else [result]
        )
    for candidate in objects:
        if isinstance(candidate, Job | BaseNode):
            return candidate
    raise ScenarioError(
        scenario.path,
        "the v2 side has no job to run",
        "name a job YAML ('v2: job.yml') or return a job (command(...), load_job(...)).",
        "v2",
    )


def collect_v2(ml_client: Any, name: str, files_dir: Path, duration_s: float,
               stream_error: str) -> SideEvidence:
    """Status and error from the job, metrics from MLflow, files from `jobs.download`."""
    import mlflow
    from mlflow.tracking import MlflowClient

    job = ml_client.jobs.get(name)
    status = str(getattr(job.status, "value", job.status))
    workspace = ml_client.workspaces.get(ml_client.workspace_name)
    mlflow.set_tracking_uri(workspace.mlflow_tracking_uri)
    client = MlflowClient()
    run = client.get_run(name)
    history = {
        key: [(m.step, m.value, m.timestamp) for m in client.get_metric_history(name, key)]
        for key in run.data.metrics
    }
    files = _download_all(ml_client, name, files_dir)
    log_name = next((n for n in V2_LOGS if n in files), None)
    return v2_evidence(
        history,
        params=run.data.params,
        tags=run.data.tags,
        artifacts=files,
        files={p: ref for p, ref in files.items() if p.startswith(("outputs/", "named-outputs/"))},
        status=status,
        error=stream_error if status != "Completed" else "",
        duration_s=round(duration_s, 3),
        logs=files[log_name].local if log_name else "",
        command=str(getattr(job, "command", "") or ""),
        environment={"compute": getattr(job, "compute", None), "job_name": name,
                     **environment_evidence(Path(files[PACKAGES_ARTIFACT].local)
                                            if PACKAGES_ARTIFACT in files else None)},
    )


def _download_all(ml_client: Any, name: str, files_dir: Path) -> dict[str, FileRef]:
    """Default artifacts keep their run paths; named outputs sit under `named-outputs/<name>/`."""
    files_dir.mkdir(parents=True, exist_ok=True)
    ml_client.jobs.download(name, download_path=str(files_dir), all=True)
    found: dict[str, FileRef] = {}
    for path in sorted(p for p in files_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(files_dir).as_posix()
        if relative.startswith("artifacts/"):
            relative = relative.removeprefix("artifacts/")
        found[relative] = FileRef.of(path)
    return found
