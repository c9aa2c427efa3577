"""The jobs backend: job resources, their runs in run history, and their execution.

A submitted command job becomes three things at once, as on Azure: an ARM resource
(collection ``jobs.jobs``), a run in the shared run history (so ``/history`` details,
MLflow and metrics see it) and a process in the :class:`Executor`. The executor's status
reports are written to both the resource and the run.

Pipeline and sweep jobs (:mod:`harness.workspace.executor.jobs`) are parents: a driver thread
of theirs submits command jobs as children (runs with ``parentRunId``) through the same
executor, so ``settings.max_concurrent_jobs`` bounds every process the workspace runs,
and a parent never holds a slot its children need.
"""

from __future__ import annotations

import atexit
import re
import threading
from typing import Any

from ...context import WorkspaceContext
from ...executor import Executor, JobInfo, RunStatus, kill_orphans
from ...executor.jobs.command import CommandJobRun, job_folder
from ...executor.jobs.parents import ParentRun
from ...executor.jobs.pipelines import PipelineRun
from ...executor.jobs.sweeps import SweepRun
from ...http import iso_time
from ...settings import Settings
from ..arm.exceptions import ArmError
from ..arm.models import ArmBackend
from ..assets.models import AssetBackend, kind_of
from ..runhistory.models import RunObserver, RunStore
from . import exceptions
from .documents import PROCESS_FILES, job_resource, public_view, submitted_view

JOBS = "jobs.jobs"
PARENT_TYPES = frozenset({"pipeline", "sweep"})
SUPPORTED_TYPES = frozenset({"command"}) | PARENT_TYPES
_REGISTRY_ASSET = re.compile(r"azureml://registries/", re.IGNORECASE)
_SHORT_ENVIRONMENT = re.compile(r"azureml:(?P<name>[^/:]+):(?P<version>[^/:]+)")
CURATED_PREFIX = "AzureML-"
_OUTPUT_ASSET_TYPES = {"uri_folder": "uri_folder", "uri_file": "uri_file",
                       "mltable": "mltable", "mlflow_model": "uri_folder",
                       "custom_model": "uri_folder"}


class JobsBackend(RunObserver):
    """Submits, tracks and cancels the workspace's v2 jobs (also through run history)."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.store = context.store
        self.runs = context.backend(RunStore)
        self._lock = threading.RLock()
        self._active: dict[str, CommandJobRun] = {}
        self._parents: dict[str, ParentRun] = {}
        self.executor = Executor(max(1, int(self.settings.max_concurrent_jobs)),
                                 on_status=self._on_status,
                                 cancel_grace=float(context.settings.cancel_grace_s))
        atexit.register(self.executor.shutdown, False)
        self.runs.observe(self)

    # queries ----------------------------------------------------------------------------
    def document(self, name: str) -> dict[str, Any]:
        """The stored document, bookkeeping included."""
        document = self.store.get(JOBS, name)
        if document is None:
            raise exceptions.job_not_found(name)
        return dict(document)

    def get(self, name: str) -> dict[str, Any]:
        return public_view(self.document(name))

    def list(self) -> list[dict[str, Any]]:
        """Top-level jobs only: Azure's jobs list never shows pipeline steps or trials."""
        jobs = [doc for _, doc in self.store.list(JOBS) if not doc.get("_parent")]
        jobs.sort(key=lambda d: d["systemData"]["createdAt"], reverse=True)
        return [public_view(doc) for doc in jobs]

    def active_run(self, name: str) -> CommandJobRun | None:
        with self._lock:
            return self._active.get(name)

    # submit -------------------------------------------------------------------------------
    def put(self, name: str, properties: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Submit a new job, or update tags/description/display name of an existing one."""
        parent: ParentRun | None = None
        with self._lock:
            existing = self.store.get(JOBS, name)
            if existing is not None:
                return public_view(self._update(existing, properties)), False
            job_type = str(properties.get("jobType") or "").lower()
            if job_type not in SUPPORTED_TYPES:
                raise exceptions.unsupported_job_type(str(properties.get("jobType")))
            self.check_compute(properties.get("computeId"))
            if job_type in PARENT_TYPES:
                parent = self._parent_driver(job_type, name, properties)
                self._parents[name] = parent
            else:
                self._validate_command(properties)
                self.submit_command(name, properties, run_type="azureml.scriptrun")
        # as submitted (NotStarted), before a driver moves it on
        answer = submitted_view(self.document(name))
        if parent is not None:
            parent.start()
        return answer, True

    def _parent_driver(self, job_type: str, name: str, properties: dict[str, Any]) -> ParentRun:
        if job_type == "pipeline":
            return PipelineRun.submit(self, name, properties)
        return SweepRun.submit(self, name, properties)

    def system_data(self) -> dict[str, Any]:
        return {"createdAt": iso_time(), "createdBy": self.settings.user_name,
                "createdByType": "User"}

    def submit_command(self, name: str, properties: dict[str, Any], *, run_type: str,
                       parent: str | None = None, run_properties: dict[str, str] | None = None,
                       tags: dict[str, str] | None = None) -> None:
        """Store, record and queue one command job (a top-level job or a parent's child)."""
        document = job_resource(self.settings, name, properties, self.system_data())
        if parent:
            document["_parent"] = parent
        with self._lock:
            self.store.put(JOBS, name, document)
            self.create_run(document, run_type=run_type, parent=parent,
                            properties=run_properties, tags=tags)
            run = CommandJobRun(self.context, document)
            self._active[name] = run
        self.executor.submit(run.spec(), prepare=run.prepare, finalize=run.finalize)

    def store_parent(self, document: dict[str, Any], *, run_type: str) -> None:
        """Store a pipeline or sweep resource and create its run."""
        with self._lock:
            self.store.put(JOBS, document["name"], document)
            self.create_run(document, run_type=run_type)

    def record_child(self, name: str, properties: dict[str, Any], *, parent: str,
                     run_type: str, status: str, run_properties: dict[str, str],
                     error: str | None = None) -> None:
        """A child that never runs: a reused pipeline step (Completed) or a skipped one."""
        document = job_resource(self.settings, name, properties, self.system_data())
        document["_parent"] = parent
        document["properties"]["status"] = status
        with self._lock:
            self.store.put(JOBS, name, document)
            self.create_run(document, run_type=run_type, parent=parent,
                            properties=run_properties)
            self.runs.set_status(name, status, error=error)

    def _update(self, document: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
        shown = document["properties"]
        for key in ("tags", "description", "displayName", "isArchived"):
            if properties.get(key) is not None:
                shown[key] = properties[key]
        self.store.put(JOBS, document["name"], document)
        return document

    def check_compute(self, compute: Any) -> None:
        """Azure's 400 for a compute the workspace does not have."""
        if not compute:
            return
        compute_name = str(compute).rstrip("/").rsplit("/", 1)[-1]
        try:
            self.context.backend(ArmBackend).compute(compute_name)
        except ArmError as exc:
            raise exceptions.compute_not_found(compute_name,
                                               self.settings.workspace_name) from exc

    def check_assets(self, *references: Any) -> None:
        """The asset's own 404 for a code or environment that does not exist.

        ``azureml:<name>:<version>`` names an environment, as azure-ai-ml 1.12 sent it
        and Azure accepted (real-traffic/command_job_serverless.json); curated
        ``AzureML-*`` environments live in the ``azureml`` registry, which the local
        workspace does not hold, so they pass unchecked like registry references.
        """
        assets = self.context.backend(AssetBackend)
        for reference in references:
            if not reference or _REGISTRY_ASSET.match(str(reference)):
                continue
            short = _SHORT_ENVIRONMENT.fullmatch(str(reference))
            if short is None:
                assets.resolve(str(reference))
            elif not short["name"].startswith(CURATED_PREFIX):
                assets.get_version(kind_of("environments"), short["name"], short["version"])

    def _validate_command(self, p: dict[str, Any]) -> None:
        """Refuse what Azure refuses at submission: unknown code, environment, no command."""
        self.check_assets(p.get("codeId"), p.get("environmentId"))
        if not p.get("command"):
            raise exceptions.bad_request("A command job needs a command.")

    def create_run(self, document: dict[str, Any], *, run_type: str, parent: str | None = None,
                   properties: dict[str, str] | None = None,
                   tags: dict[str, str] | None = None) -> None:
        p = document["properties"]
        compute = str(p.get("computeId") or "serverless").rstrip("/").rsplit("/", 1)[-1]
        outputs = {name: {"assetId": output_asset_id(self.settings, document["name"], name),
                          "type": _OUTPUT_ASSET_TYPES.get(str(value.get("jobOutputType")),
                                                          "uri_folder")}
                   for name, value in (p.get("outputs") or {}).items() if name != "default"}
        pipeline = str(p.get("jobType")).lower() == "pipeline"
        process_files = {} if pipeline else PROCESS_FILES
        self.runs.create_run(
            p["experimentName"], document["name"], displayName=p["displayName"],
            description=p.get("description"), runType=run_type, target=compute,
            tags={**(p.get("tags") or {}), **(tags or {})},
            properties={**(p.get("properties") or {}), **process_files, **(properties or {})},
            outputs=outputs, parentRunId=parent,
            runDefinition={"command": p.get("command"), "jobType": p.get("jobType")})

    # cancel -------------------------------------------------------------------------------
    def cancel(self, name: str) -> None:
        self.get(name)
        with self._lock:
            parent = self._parents.get(name)
        if parent is not None:
            parent.cancel()
        elif self.active_run(name) is not None:
            self.executor.cancel(name)

    def cancel_child(self, name: str) -> None:
        if self.active_run(name) is not None:
            self.executor.cancel(name)

    # run observer -------------------------------------------------------------------------
    def before_details(self, run: dict[str, Any]) -> dict[str, Any]:
        """A running job's log is copied to its artifact before its details are shown."""
        active = self.active_run(run["runId"])
        if active is not None:
            active.sync_log()
        return run

    def on_event(self, run: dict[str, Any], event: str) -> bool:
        """Run history's cancel of a job's run cancels the job (as the ARM route does)."""
        if not event.endswith(".Canceled") or self.store.get(JOBS, run["runId"]) is None:
            return False
        self.cancel(run["runId"])
        return True

    # status -------------------------------------------------------------------------------
    def set_status(self, name: str, status: str, error: str | None = None) -> None:
        """Write a status to the resource and the run (parents report theirs here)."""
        with self._lock:
            document = self.store.get(JOBS, name)
            if document is not None:
                document["properties"]["status"] = status
                self.store.put(JOBS, name, document)
            if status in ("Completed", "Failed", "Canceled"):
                self._parents.pop(name, None)
        self.runs.set_status(name, status, error=error)

    def update_document(self, name: str, change: Any) -> None:
        """Apply ``change(document)`` to a stored job under the backend's lock."""
        with self._lock:
            document = self.store.get(JOBS, name)
            if document is not None:
                change(document)
                self.store.put(JOBS, name, document)

    def _on_status(self, job_id: str, status: RunStatus, info: JobInfo) -> None:
        with self._lock:
            document = self.store.get(JOBS, job_id)
            if document is not None:
                document["properties"]["status"] = status.value
                self.store.put(JOBS, job_id, document)
            if status.is_terminal:
                self._active.pop(job_id, None)
            parent = self._parents.get(str((document or {}).get("_parent") or ""))
        self.runs.set_status(job_id, status.value, error=info.error)
        if parent is not None:
            parent.child_changed(job_id, status)

    def output_uri(self, asset_id: str) -> tuple[str, str] | None:
        """(uri, type) of a job output named by :func:`output_asset_id`, or None."""
        match = re.search(r"/data/azureml_(?P<job>.+)_output_data_(?P<output>[^/]+)/versions/",
                          asset_id)
        if match is None:
            return None
        document = self.store.get(JOBS, match["job"])
        if document is None:
            return None
        output = document["properties"]["outputs"].get(match["output"])
        if output is None:
            return None
        return output["uri"], _OUTPUT_ASSET_TYPES.get(output.get("jobOutputType"), "uri_folder")


def output_asset_id(settings: Settings, job: str, output: str) -> str:
    """The id Azure gives the anonymous data asset behind a job output."""
    return (f"azureml://locations/{settings.region}/workspaces/{settings.workspace_id}/data/"
            f"azureml_{job}_output_data_{output}/versions/1")


def fail_interrupted_jobs(context: WorkspaceContext) -> None:
    """Startup hook: jobs that were live when the server stopped can never finish now.

    What is left of their processes is killed; a job whose run someone canceled (it has
    a ``cancelationReason``) ends Canceled, any other Failed.
    """
    runs = context.backend(RunStore)
    for name, document in context.store.list(JOBS):
        if document["properties"]["status"] not in ("Completed", "Failed", "Canceled"):
            kill_orphans(job_folder(context, name))
            run = runs.find_run(name)
            canceled = bool((run or {}).get("cancelationReason"))
            document["properties"]["status"] = "Canceled" if canceled else "Failed"
            context.store.put(JOBS, name, document)
            if run is not None:
                runs.set_status(name, document["properties"]["status"], error=None if canceled
                                else "The aml-parity local workspace stopped while this job "
                                "was running; submit it again.")


def start_jobs(context: WorkspaceContext) -> None:
    """Server start: fail the jobs a previous server left unfinished, then build the
    backend (it observes run history: details reads refresh job logs, cancels stop jobs)."""
    fail_interrupted_jobs(context)
    context.backend(JobsBackend)
