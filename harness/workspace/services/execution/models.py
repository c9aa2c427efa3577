"""Turn a submitted v1 run definition into an executor job, and keep its run current.

The flow, as on Azure: ``snapshotrun`` creates the run (NotStarted) and queues a job;
while Preparing the snapshot is laid out in ``jobs/<run>/wd`` and the job's environment
is built (run context, token, proxy, CA); the user process runs with its output teed to
``jobs/<run>/70_driver_log.txt``, which is copied to the run's
``azureml-logs/70_driver_log.txt`` artifact whenever someone reads the run's details;
while Finalizing ``./outputs`` and ``./logs`` are uploaded as artifacts.

Streaming: ``wait_for_completion(show_output=True)`` reads the log only while the run is
Running or Finalizing (``azureml/core/run.py`` ``_stream_run_output``) and stops reading
as soon as the run is terminal, so a fast job could end between two polls and print
nothing. A watched run (details read in the last :data:`WATCH_SECONDS`) therefore stays
Finalizing, with its complete log, until one details answer has shown that, at most
:data:`HOLD_SECONDS`; the answer's request ends the run before it is sent, so the SDK's
next ``get_details`` sees the final status at once.

Restart: jobs are recorded in ``execution.jobs``; a server that starts and finds a
recorded job whose run is not terminal kills what is left of the old process and, as
:mod:`.restart` decides, runs it again from the snapshot (metrics of the interrupted
attempt are dropped so they are not counted twice, a warning notes it), ends it Canceled
when a cancel was asked, or ends it Failed once it has used its attempts.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...executor import (
    Executor,
    JobInfo,
    JobKind,
    JobSpec,
    RunScope,
    RunStatus,
    UnknownJobError,
    job_env,
    kill_orphans,
    materialize,
)
from ...http import HttpError
from ...tls import CA_CERT_FILE
from ..aad.models import make_jwt
from ..arm.exceptions import ArmError
from ..arm.models import ArmBackend
from ..artifacts.models import ArtifactStore
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
from .restart import SOURCE, after_restart

log = logging.getLogger(__name__)

JOBS = "execution.jobs"
JOB_DIR = "jobs"
DRIVER_LOG = "azureml-logs/70_driver_log.txt"
COMPLETED_MARKER = "The activity completed successfully. Finalizing run..."
"""The driver log's last line on success; the SDK stops streaming when it sees it."""
DRIVER = Path(__file__).with_name("driver.py")
"""The wrapper that runs the script and flushes the run afterwards, as Azure's driver."""
WATCH_SECONDS = 15.0
HOLD_SECONDS = 5.0
TOKEN_HOURS = 24
_ACTIVE = frozenset({"NotStarted", "Queued", "Preparing", "Running", "Finalizing",
                     "CancelRequested", "Starting", "Provisioning"})


@dataclass
class _Watch:
    """In-memory streaming state of one run."""

    last_read: float = 0.0
    log_synced: tuple[float, int] = (0.0, -1)
    ready: bool = False
    shown: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)


class ExecutionBackend(RunObserver):
    """Owns the executor for v1 runs and keeps their run-history documents current."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.runs = context.backend(RunStore)
        self.metrics = context.backend(MetricStore)
        self.artifacts = context.backend(ArtifactStore)
        self.snapshots = context.backend(SnapshotStore)
        self.root = context.directory / JOB_DIR
        self.executor = Executor(max(1, int(self.settings.max_concurrent_jobs)),
                                 on_status=self._on_status, cancel_grace=5.0)
        self._watch: dict[str, _Watch] = {}
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
               "attempt": 1}
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
        run_id = job["runId"]
        folder = self.root / run_id
        if job.get("script"):
            argv: list[str] | None = ["python", str(DRIVER), str(job["script"]),
                                      *job["arguments"]]
            command = None
        else:
            argv, command = None, " ".join([str(job["command"]), *job["arguments"]])
        spec = JobSpec(job_id=run_id, kind=JobKind.V1, working_dir=folder / "wd",
                       log_path=folder / "70_driver_log.txt", argv=argv, command=command,
                       python=Path(sys.executable))
        with self._lock:
            self._watch.setdefault(run_id, _Watch())
        self.executor.submit(spec, prepare=lambda s: self._prepare(job, s),
                             finalize=self._finalize)

    # executor hooks -----------------------------------------------------------------
    def _prepare(self, job: dict[str, Any], spec: JobSpec) -> JobSpec:
        folder = spec.working_dir.parent
        shutil.rmtree(spec.working_dir, ignore_errors=True)
        code = self.snapshots.read_files(job["snapshotId"]) if job.get("snapshotId") else None
        materialize(spec.working_dir, folder / "data", code=code)
        run = self.runs.get_run(spec.job_id)
        env = job_env(self._scope(job, run), JobKind.V1, network=self._network(folder))
        env.update(job.get("env") or {})
        return JobSpec(job_id=spec.job_id, kind=spec.kind, working_dir=spec.working_dir,
                       log_path=spec.log_path, argv=spec.argv, command=spec.command,
                       env=env, python=spec.python, timeout=spec.timeout)

    def _scope(self, job: dict[str, Any], run: dict[str, Any]) -> RunScope:
        s = self.settings
        expiry = datetime.now(timezone.utc) + timedelta(hours=TOKEN_HOURS)
        now = int(time.time())
        token = make_jwt({"aud": "https://management.azure.com/",
                          "iss": f"https://sts.windows.net/{s.tenant_id}/", "iat": now,
                          "nbf": now, "exp": int(expiry.timestamp()), "tid": s.tenant_id,
                          "oid": s.user_object_id, "appid": s.client_id,
                          "runId": run["runId"], "uti": uuid.uuid4().hex[:22], "ver": "1.0"})
        return RunScope(subscription_id=s.subscription_id, resource_group=s.resource_group,
                        workspace_name=s.workspace_name, experiment_name=job["experiment"],
                        run_id=run["runId"], token=token,
                        service_endpoint=f"https://{s.api_host}", workspace_id=s.workspace_id,
                        experiment_id=run.get("experimentId"), token_expiry=expiry,
                        discovery_endpoint=f"https://{s.api_host}/discovery")

    def _network(self, folder: Path) -> dict[str, str]:
        """Proxy and CA variables: the job reaches Azure host names through this server."""
        deadline = time.monotonic() + 10
        while self.context.port is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.context.port is None:
            raise RuntimeError("the local workspace server has no port yet")
        proxy = f"http://127.0.0.1:{self.context.port}"
        ca = str(self.context.directory / CA_CERT_FILE)
        home = folder / "home"
        (home / ".azure").mkdir(parents=True, exist_ok=True)
        return {"HTTPS_PROXY": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy,
                "http_proxy": proxy, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
                "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "CURL_CA_BUNDLE": ca,
                "HOME": str(home), "AZURE_CONFIG_DIR": str(home / ".azure"),
                "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true",
                "AZUREML_LOG_DEPRECATION_WARNING_ENABLED": "false"}

    def _finalize(self, spec: JobSpec) -> None:
        """Upload ./outputs and ./logs, publish the full log, let a watcher see it."""
        run_id = spec.job_id
        for sub in ("outputs", "logs"):
            base = spec.working_dir / sub
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file():
                    relative = path.relative_to(spec.working_dir).as_posix()
                    self.artifacts.write(run_id, relative, path.read_bytes())
        info = self.executor.status(run_id)
        if info.exit_code == 0 and not self._cancel_requested(run_id):
            with open(spec.log_path, "a", encoding="utf-8") as handle:
                handle.write(f"\n{COMPLETED_MARKER}\n")
        self._sync_log(run_id, force=True)
        watch = self._watch_of(run_id)
        watch.ready = True
        if time.monotonic() - watch.last_read < WATCH_SECONDS:
            watch.shown.wait(HOLD_SECONDS)

    def _cancel_requested(self, run_id: str) -> bool:
        run = self.runs.find_run(run_id) or {}
        return run.get("status") in ("CancelRequested", "Canceled")

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
            self._sync_log(run_id, force=True)
            self._watch_of(run_id).ended.set()

    # run observer -------------------------------------------------------------------
    def _watch_of(self, run_id: str) -> _Watch:
        with self._lock:
            return self._watch.setdefault(run_id, _Watch())

    def _sync_log(self, run_id: str, force: bool = False) -> None:
        """Copy the live driver log to the run's artifact when it changed."""
        path = self.root / run_id / "70_driver_log.txt"
        try:
            stat = path.stat()
        except FileNotFoundError:
            return
        watch = self._watch_of(run_id)
        stamp = (stat.st_mtime, stat.st_size)
        if not force and watch.log_synced == stamp:
            return
        watch.log_synced = stamp
        self.artifacts.write(run_id, DRIVER_LOG, path.read_bytes(), content_type="text/plain")

    def before_details(self, run: dict[str, Any]) -> dict[str, Any]:
        run_id = run["runId"]
        if self.context.store.get(JOBS, run_id) is None:
            return run
        watch = self._watch_of(run_id)
        watch.last_read = time.monotonic()
        if run.get("status") in _ACTIVE:
            self._sync_log(run_id)
        return run

    def after_details(self, run: dict[str, Any]) -> None:
        watch = self._watch.get(run["runId"])
        if watch is None or run.get("status") != "Finalizing" or not watch.ready:
            return
        watch.shown.set()
        watch.ended.wait(HOLD_SECONDS)

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
            (self.root / run_id / "70_driver_log.txt").unlink(missing_ok=True)
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


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    whole = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{whole}.{moment.microsecond * 10:07d}+00:00"


def start_execution(context: WorkspaceContext) -> None:
    """Server start: build the backend (it registers as a run observer) and resume jobs."""
    context.backend(ExecutionBackend).resume()
