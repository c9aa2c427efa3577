"""Turn a submitted v1 run definition into an executor job, and keep its run current.

The flow, as on Azure: ``snapshotrun`` creates the run (NotStarted), records its job
(``execution.jobs``) and queues it; the executor runs it as a
:class:`~harness.workspace.executor.scriptruns.run.ScriptRun` (snapshot laid out, the
script run by Azure's driver, outputs and logs uploaded), and its status reports are
written to the run. As a run observer, this backend copies a running job's driver log
to its artifact whenever someone reads the run's details, and holds a watched run's
last Finalizing answer until it has shown the complete log (see
:mod:`~harness.workspace.executor.scriptruns.run`).

Restart: a server that starts and finds a recorded job whose run is not terminal kills
what is left of the old process and, as
:mod:`~harness.workspace.executor.scriptruns.restart` decides, runs it again from the
snapshot (metrics of the interrupted attempt are dropped so they are not counted twice,
a warning notes it), ends it Canceled when a cancel was asked, or ends it Failed once it
has used its attempts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from ...context import WorkspaceContext
from ...executor import Executor, JobInfo, RunStatus, UnknownJobError, kill_orphans
from ...executor.scriptruns.restart import SOURCE, after_restart
from ...executor.scriptruns.run import ScriptRun, driver_log_path
from ...http import HttpError
from ..arm.exceptions import ArmError
from ..arm.models import ArmBackend
from ..content.models import SnapshotStore
from ..datasets.consumption import (
    DatasetInputError,
    dataset_env,
    resolve_inputs,
    substitute_arguments,
)
from ..metrics.models import MetricStore
from ..runhistory.models import RunObserver, RunStore, error_document
from . import exceptions

log = logging.getLogger(__name__)

JOBS = "execution.jobs"
JOB_DIR = "jobs"
_ACTIVE = frozenset({"NotStarted", "Queued", "Preparing", "Running", "Finalizing",
                     "CancelRequested", "Starting", "Provisioning"})


class ExecutionBackend(RunObserver):
    """Owns the executor for v1 runs and keeps their run-history documents current."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.runs = context.backend(RunStore)
        self.metrics = context.backend(MetricStore)
        self.snapshots = context.backend(SnapshotStore)
        self.root = context.directory / JOB_DIR
        self.executor = Executor(max(1, int(self.settings.max_concurrent_jobs)),
                                 on_status=self._on_status,
                                 cancel_grace=float(self.settings.cancel_grace_s))
        self._scripts: dict[str, ScriptRun] = {}
        self._lock = threading.Lock()
        self.runs.observe(self)

    # submission ---------------------------------------------------------------------
    def check_compute(self, target: str) -> str:
        """The compute's canonical name; Azure's error when the workspace has none so named."""
        try:
            return str(self.context.backend(ArmBackend).compute(target)["name"])
        except ArmError as exc:
            raise exceptions.unknown_compute(target, self.settings.workspace_name,
                                             sorted(self.settings.computes)) from exc

    def submit(self, experiment: str, run_id: str, definition: dict[str, Any],
               cancel_uri: str, *, run_fields: Mapping[str, Any] | None = None,
               extra_env: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Create the run and queue its job; returns the run document.

        Other services that run v1 scripts (pipeline steps) pass ``run_fields`` (RunDto
        keys overriding the script-run defaults; tags and properties merge) and
        ``extra_env`` (variables set after the run configuration's own, such as data
        references), so the job-running code stays in one place.
        """
        config = definition.get("Configuration") or definition.get("configuration")
        if not isinstance(config, dict):
            raise exceptions.bad_definition("'Configuration' is missing.")
        script = config.get("script")
        if not script and not config.get("command"):
            raise exceptions.bad_definition("the configuration names neither a script nor a "
                                            "command.")
        target = self.check_compute(str(config.get("target") or ""))
        snapshot_id = definition.get("SnapshotId") or definition.get("snapshotId")
        if snapshot_id:
            self.snapshots.get(str(snapshot_id))
        properties = {"_azureml.ComputeTargetType": "amlctrain",
                      "ContentSnapshotId": snapshot_id or "",
                      "azureml.runsource": "experiment",
                      "ProcessInfoFile": "azureml-logs/process_info.json",
                      "ProcessStatusFile": "azureml-logs/process_status.json"}
        arguments, data_env = self._dataset_inputs(run_id, config)
        fields: dict[str, Any] = {
            "status": "NotStarted", "target": target, "runType": "azureml.scriptrun",
            "scriptName": script, "runDefinition": config, "properties": properties,
            "parentRunId": definition.get("ParentRunId"), "cancelUri": cancel_uri,
            "createdFrom": {"type": "Notebook", "locationType": "ArtifactId", "location": None}}
        for key, value in (run_fields or {}).items():
            merged = key in ("properties", "tags") and isinstance(value, Mapping)
            fields[key] = {**(fields.get(key) or {}), **value} if merged else value
        run = self.runs.upsert_run(experiment, run_id, **fields)
        job = {"runId": run_id, "experiment": experiment, "snapshotId": snapshot_id,
               "script": script, "command": config.get("command"), "arguments": arguments,
               "env": {**_environment_variables(config), **data_env, **(extra_env or {})},
               "distribution": _distribution(config), "attempt": 1,
               "environment": config.get("environment")}
        self.context.store.put(JOBS, run_id, job)
        self._queue(job)
        return run

    def _dataset_inputs(self, run_id: str,
                        config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        """Arguments with v1 dataset inputs replaced by their paths, and their variables."""
        arguments = [str(a) for a in config.get("arguments") or []]
        if not config.get("data"):
            return arguments, {}
        try:
            inputs = resolve_inputs(self.context, config, self.root / run_id / "datasets")
        except (DatasetInputError, HttpError) as exc:
            raise exceptions.bad_definition(f"dataset inputs: {exc}") from exc
        return substitute_arguments(arguments, inputs), dataset_env(inputs)

    def _queue(self, job: dict[str, Any]) -> None:
        script = self._script(job["runId"])
        self.executor.submit(script.spec(job), prepare=lambda s: script.prepare(job, s),
                             finalize=script.finalize)

    def _on_status(self, run_id: str, status: RunStatus, info: JobInfo) -> None:
        fields: dict[str, Any] = {}
        if status is RunStatus.RUNNING:
            fields["startTimeUtc"] = _iso(info.start_time)
        if status.is_terminal:
            fields["endTimeUtc"] = _iso(info.end_time)
        error = None
        if status is RunStatus.FAILED and info.error:
            error = error_document(info.error)
        self.runs.set_status(run_id, status.value, error=error,
                             **{k: v for k, v in fields.items() if v})
        if status.is_terminal:
            self._script(run_id).end()

    def _script(self, run_id: str) -> ScriptRun:
        with self._lock:
            return self._scripts.setdefault(
                run_id, ScriptRun(self.context, self.executor, run_id, self.root))

    def driver_log(self, run_id: str) -> str:
        """The run's live driver log (stdout and stderr in one stream, as on Azure v1)."""
        path = driver_log_path(self.root, run_id)
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    # run observer -------------------------------------------------------------------
    def before_details(self, run: dict[str, Any]) -> dict[str, Any]:
        run_id = run["runId"]
        if self.context.store.get(JOBS, run_id) is None:
            return run
        self._script(run_id).read(active=run.get("status") in _ACTIVE)
        return run

    def after_details(self, run: dict[str, Any]) -> None:
        with self._lock:
            script = self._scripts.get(run["runId"])
        if script is not None:
            script.showing(run.get("status"))

    def on_event(self, run: dict[str, Any], event: str) -> bool:
        if event.endswith(".Canceled") and self.context.store.get(JOBS, run["runId"]):
            self.cancel(run["runId"])
            return True
        return False

    def cancel(self, run_id: str) -> dict[str, Any]:
        """Stop the run's job; the cancel is recorded first, so no restart runs it again."""
        job = self.context.store.get(JOBS, run_id)
        if job is not None and not job.get("canceled"):
            self.context.store.put(JOBS, run_id, {**job, "canceled": True})
        try:
            self.executor.cancel(run_id)
        except UnknownJobError:
            run = self.runs.get_run(run_id)
            if run.get("status") in _ACTIVE:
                self.runs.set_status(run_id, "Canceled")
        return self.runs.get_run(run_id)

    # restart --------------------------------------------------------------------------
    def resume(self) -> None:
        """Settle every recorded job whose run a previous server left unfinished."""
        for run_id, job in self.context.store.list(JOBS):
            run = self.runs.find_run(run_id)
            if run is None or run.get("status") not in _ACTIVE:
                continue
            kill_orphans(self.root / run_id / "wd")
            fate = after_restart(run, job)
            if not fate.resumes:
                log.info("not resuming run %s: it ends %s", run_id, fate.status)
                self.runs.set_status(run_id, fate.status, error=fate.error)
                continue
            self.metrics.clear(run_id)
            driver_log_path(self.root, run_id).unlink(missing_ok=True)
            job["attempt"] = fate.attempt
            self.context.store.put(JOBS, run_id, job)
            warning = {"source": SOURCE, "message": fate.warning, "time": None}
            self.runs.update_run(run_id, warnings=[*(run.get("warnings") or []), warning])
            self.runs.set_status(run_id, "NotStarted")
            log.info("resuming run %s (attempt %s)", run_id, job["attempt"])
            self._queue(job)


def _environment_variables(config: dict[str, Any]) -> dict[str, str]:
    """The run configuration's variables: its own and its environment's."""
    env: dict[str, str] = {}
    environment = config.get("environment") or {}
    env.update({str(k): str(v) for k, v in (environment.get("environmentVariables") or {})
                .items()})
    env.update({str(k): str(v) for k, v in (config.get("environmentVariables") or {}).items()})
    return env


def _distribution(config: dict[str, Any]) -> dict[str, Any]:
    """The run configuration's fields that say how many processes to start, and how."""
    keys = ("framework", "communicator", "nodeCount", "pytorch", "pyTorch", "mpi", "tensorflow")
    return {key: config[key] for key in keys if config.get(key) is not None}


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    whole = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{whole}.{moment.microsecond * 10:07d}+00:00"


def start_execution(context: WorkspaceContext) -> None:
    """Server start: build the backend (it registers as a run observer) and resume jobs."""
    context.backend(ExecutionBackend).resume()
