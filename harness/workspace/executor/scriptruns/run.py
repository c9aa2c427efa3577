"""Run one v1 script run: lay out its snapshot, build its environment, keep what it made.

The glue between a submitted v1 run and the executor's core, as :mod:`..jobs.command`
is for v2 command jobs. While Preparing the snapshot is laid out in ``jobs/<run>/wd``
and the job's environment is built (run context, token, proxy, CA); the user process
runs under :mod:`.driver` with its output teed to ``jobs/<run>/70_driver_log.txt``,
which is copied to the run's ``azureml-logs/70_driver_log.txt`` artifact whenever
someone reads the run's details; while Finalizing ``./outputs`` and ``./logs`` are
uploaded as artifacts. No HTTP here.

Streaming: ``wait_for_completion(show_output=True)`` reads the log only while the run is
Running or Finalizing (``azureml/core/run.py`` ``_stream_run_output``) and stops reading
as soon as the run is terminal, so a fast job could end between two polls and print
nothing. A watched run (details read in the last :data:`WATCH_SECONDS`) therefore stays
Finalizing, with its complete log, until one details answer has shown that, at most
:data:`HOLD_SECONDS`; the answer's request ends the run before it is sent, so the SDK's
next ``get_details`` sees the final status at once.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...services.aad.models import make_jwt
from ...services.artifacts.models import ArtifactStore
from ...services.content.models import SnapshotStore
from ...services.runhistory.models import RunStore
from ..context import RunScope, job_env, network_env
from ..distribution import from_v1, roles
from ..environments import from_v1_environment
from ..environments.runtime import build_for_job
from ..materialize import materialize
from ..runner import Executor
from ..spec import JobKind, JobSpec, Replica

DRIVER_LOG = "azureml-logs/70_driver_log.txt"
LOG_FILE = "70_driver_log.txt"
COMPLETED_MARKER = "The activity completed successfully. Finalizing run..."
"""The driver log's last line on success; the SDK stops streaming when it sees it."""
DRIVER = Path(__file__).with_name("driver.py")
"""The wrapper that runs the script and flushes the run afterwards, as Azure's driver."""
WATCH_SECONDS = 15.0
HOLD_SECONDS = 5.0
TOKEN_HOURS = 24


def driver_log_path(root: Path, run_id: str) -> Path:
    """Where the run's process output goes while it runs (``<root>/<run>/70_driver_log.txt``)."""
    return root / run_id / LOG_FILE


class ScriptRun:
    """One v1 run's folders, its executor hooks and the streaming state of its log."""

    def __init__(self, context: WorkspaceContext, executor: Executor, run_id: str,
                 root: Path) -> None:
        self.context = context
        self.executor = executor
        self.run_id = run_id
        self.folder = root / run_id
        self.log_path = driver_log_path(root, run_id)
        self.logs = {DRIVER_LOG: self.log_path}
        """Artifact name to live file of every log the run's processes write."""
        self.last_read = 0.0
        self.log_synced: dict[str, tuple[float, int]] = {}
        self.ready = False
        self.shown = threading.Event()
        self.ended = threading.Event()

    def spec(self, job: dict[str, Any]) -> JobSpec:
        """What the executor runs for the recorded ``job``: the script under the driver."""
        if job.get("script"):
            argv: list[str] | None = ["python", str(DRIVER), str(job["script"]),
                                      *job["arguments"]]
            command = None
        else:
            argv, command = None, " ".join([str(job["command"]), *job["arguments"]])
        return JobSpec(job_id=self.run_id, kind=JobKind.V1, working_dir=self.folder / "wd",
                       log_path=self.log_path, argv=argv, command=command,
                       python=Path(sys.executable))

    # executor hooks -----------------------------------------------------------------
    def prepare(self, job: dict[str, Any], spec: JobSpec) -> JobSpec:
        shutil.rmtree(spec.working_dir, ignore_errors=True)
        snapshots = self.context.backend(SnapshotStore)
        code = snapshots.read_files(job["snapshotId"]) if job.get("snapshotId") else None
        materialize(spec.working_dir, self.folder / "data", code=code)
        run = self.context.backend(RunStore).get_run(spec.job_id)
        env = job_env(self._scope(job, run), JobKind.V1, network=self._network())
        env.update(job.get("env") or {})
        environment = job.get("environment")
        python = build_for_job(
            self.context, lambda: from_v1_environment(environment) if environment else None,
            self._publish) or spec.python
        replicas = self._replicas(job)
        if replicas:
            self.logs = {replica.log_name: replica.log_path for replica in replicas}
        return JobSpec(job_id=spec.job_id, kind=spec.kind, working_dir=spec.working_dir,
                       log_path=spec.log_path, argv=spec.argv, command=spec.command,
                       env=env, python=python, timeout=spec.timeout, replicas=replicas)

    def _publish(self, name: str, data: bytes) -> None:
        self.context.backend(ArtifactStore).write(self.run_id, name, data,
                                                  content_type="text/plain")

    def _replicas(self, job: dict[str, Any]) -> tuple[Replica, ...]:
        """One replica per process of the run configuration's distribution (none for a
        plain run); rank 0 writes the live driver log, under its own artifact name. The
        other ranks' logs start empty, as the driver log does, when a run starts again."""
        topology = from_v1(job.get("distribution") or {},
                           int(self.context.settings.max_job_processes))
        if topology is None:
            return ()
        replicas = tuple(Replica(role.label, role.env, role.log_name,
                                 self.log_path if role.rank == 0
                                 else self.folder / role.log_name)
                         for role in roles(topology, JobKind.V1))
        for replica in replicas[1:]:
            replica.log_path.unlink(missing_ok=True)
        return replicas

    def _scope(self, job: dict[str, Any], run: dict[str, Any]) -> RunScope:
        s = self.context.settings
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

    def _network(self) -> dict[str, str]:
        """Proxy and CA variables: the job reaches Azure host names through this server."""
        deadline = time.monotonic() + 10
        while self.context.port is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.context.port is None:
            raise RuntimeError("the local workspace server has no port yet")
        home = self.folder / "home"
        (home / ".azure").mkdir(parents=True, exist_ok=True)
        return {**network_env(self.context.ca_bundle, self.context.port),
                "HOME": str(home), "AZURE_CONFIG_DIR": str(home / ".azure"),
                "AZUREML_LOG_DEPRECATION_WARNING_ENABLED": "false"}

    def finalize(self, spec: JobSpec) -> None:
        """Upload ./outputs and ./logs, publish the full log, let a watcher see it."""
        artifacts = self.context.backend(ArtifactStore)
        for sub in ("outputs", "logs"):
            base = spec.working_dir / sub
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                if path.is_file():
                    relative = path.relative_to(spec.working_dir).as_posix()
                    artifacts.write(self.run_id, relative, path.read_bytes())
        info = self.executor.status(self.run_id)
        if info.exit_code == 0 and not self._cancel_requested():
            with open(spec.log_path, "a", encoding="utf-8") as handle:
                handle.write(f"\n{COMPLETED_MARKER}\n")
        self.sync_log(force=True)
        self.ready = True
        if time.monotonic() - self.last_read < WATCH_SECONDS:
            self.shown.wait(HOLD_SECONDS)

    def _cancel_requested(self) -> bool:
        run = self.context.backend(RunStore).find_run(self.run_id) or {}
        return run.get("status") in ("CancelRequested", "Canceled")

    # the log and its watchers ---------------------------------------------------------
    def sync_log(self, force: bool = False) -> None:
        """Copy each live driver log to its run artifact when it changed."""
        for name, path in self.logs.items():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            stamp = (stat.st_mtime, stat.st_size)
            if not force and self.log_synced.get(name) == stamp:
                continue
            self.log_synced[name] = stamp
            self.context.backend(ArtifactStore).write(self.run_id, name, path.read_bytes(),
                                                      content_type="text/plain")

    def read(self, active: bool) -> None:
        """Someone reads the run's details: it is watched; an active run's log is copied."""
        self.last_read = time.monotonic()
        if active:
            self.sync_log()

    def showing(self, status: str | None) -> None:
        """A details answer showing ``status`` is about to go: once it shows the final
        Finalizing, let the run end and wait (bounded) until it has."""
        if status != "Finalizing" or not self.ready:
            return
        self.shown.set()
        self.ended.wait(HOLD_SECONDS)

    def end(self) -> None:
        """The run is terminal: its whole log is published and a held answer may go."""
        self.sync_log(force=True)
        self.ended.set()
