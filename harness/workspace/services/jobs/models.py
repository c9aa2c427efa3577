"""The jobs backend: job resources, their runs in run history, and their execution.

A submitted command job becomes three things at once, as on Azure: an ARM resource
(collection ``jobs.jobs``), a run in the shared run history (so ``/history`` details,
MLflow and metrics see it) and a process in the :class:`Executor`. The executor's status
reports are written to both the resource and the run.
"""

from __future__ import annotations

import atexit
import re
import threading
from typing import Any

from ...context import WorkspaceContext
from ...executor import Executor, JobInfo, RunStatus
from ...http import iso_time
from ...settings import Settings
from ..arm.exceptions import ArmError
from ..arm.models import ArmBackend
from ..assets.models import AssetBackend
from ..runhistory.models import RunStore
from . import exceptions
from .documents import job_resource
from .runner import CommandJobRun

JOBS = "jobs.jobs"
MAX_CONCURRENT_JOBS = 4
CANCEL_GRACE_S = 3.0
SUPPORTED_TYPES = frozenset({"command"})
_REGISTRY_ASSET = re.compile(r"azureml://registries/", re.IGNORECASE)
_OUTPUT_ASSET_TYPES = {"uri_folder": "uri_folder", "uri_file": "uri_file",
                       "mltable": "mltable", "mlflow_model": "uri_folder",
                       "custom_model": "uri_folder"}


class JobsBackend:
    """Submits, tracks and cancels the workspace's v2 jobs."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.store = context.store
        self.runs = context.backend(RunStore)
        self._lock = threading.RLock()
        self._active: dict[str, CommandJobRun] = {}
        self.executor = Executor(MAX_CONCURRENT_JOBS, on_status=self._on_status,
                                 cancel_grace=CANCEL_GRACE_S)
        atexit.register(self.executor.shutdown, False)

    # queries ----------------------------------------------------------------------------
    def get(self, name: str) -> dict[str, Any]:
        document = self.store.get(JOBS, name)
        if document is None:
            raise exceptions.job_not_found(name)
        return dict(document)

    def list(self) -> list[dict[str, Any]]:
        jobs = [doc for _, doc in self.store.list(JOBS)]
        return sorted(jobs, key=lambda d: d["systemData"]["createdAt"], reverse=True)

    def active_run(self, name: str) -> CommandJobRun | None:
        with self._lock:
            return self._active.get(name)

    # submit -------------------------------------------------------------------------------
    def put(self, name: str, properties: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Submit a new job, or update tags/description/display name of an existing one."""
        with self._lock:
            existing = self.store.get(JOBS, name)
            if existing is not None:
                return self._update(existing, properties), False
            self._validate(properties)
            now = iso_time()
            user = self.settings.user_name
            document = job_resource(self.settings, name, properties, {
                "createdAt": now, "createdBy": user, "createdByType": "User"})
            self.store.put(JOBS, name, document)
            self._create_run(document)
            run = CommandJobRun(self.context, document)
            self._active[name] = run
        self.executor.submit(run.spec(), prepare=run.prepare, finalize=run.finalize)
        return self.get(name), True

    def _update(self, document: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
        shown = document["properties"]
        for key in ("tags", "description", "displayName", "isArchived"):
            if properties.get(key) is not None:
                shown[key] = properties[key]
        self.store.put(JOBS, document["name"], document)
        return document

    def _validate(self, p: dict[str, Any]) -> None:
        """Refuse what Azure refuses at submission: unknown type, compute, code, environment."""
        job_type = str(p.get("jobType") or "")
        if job_type.lower() not in SUPPORTED_TYPES:
            raise exceptions.unsupported_job_type(job_type)
        compute = p.get("computeId")
        if compute:
            compute_name = str(compute).rstrip("/").rsplit("/", 1)[-1]
            try:
                self.context.backend(ArmBackend).compute(compute_name)
            except ArmError as exc:
                raise exceptions.compute_not_found(compute_name,
                                                   self.settings.workspace_name) from exc
        assets = self.context.backend(AssetBackend)
        for field in ("codeId", "environmentId"):
            reference = p.get(field)
            if reference and not _REGISTRY_ASSET.match(str(reference)):
                assets.resolve(str(reference))
        if not p.get("command"):
            raise exceptions.bad_request("A command job needs a command.")

    def _create_run(self, document: dict[str, Any]) -> None:
        p = document["properties"]
        compute = str(p.get("computeId") or "serverless").rstrip("/").rsplit("/", 1)[-1]
        outputs = {name: {"assetId": output_asset_id(self.settings, document["name"], name),
                          "type": _OUTPUT_ASSET_TYPES.get(str(value.get("jobOutputType")),
                                                          "uri_folder")}
                   for name, value in (p.get("outputs") or {}).items() if name != "default"}
        self.runs.create_run(
            p["experimentName"], document["name"], displayName=p["displayName"],
            description=p.get("description"), runType="azureml.scriptrun", target=compute,
            tags=p.get("tags") or {}, properties=dict(p.get("properties") or {}),
            outputs=outputs, runDefinition={"command": p.get("command"), "jobType": "Command"})

    # cancel -------------------------------------------------------------------------------
    def cancel(self, name: str) -> None:
        self.get(name)
        if self.active_run(name) is not None:
            self.executor.cancel(name)

    # status -------------------------------------------------------------------------------
    def _on_status(self, job_id: str, status: RunStatus, info: JobInfo) -> None:
        with self._lock:
            document = self.store.get(JOBS, job_id)
            if document is not None:
                document["properties"]["status"] = status.value
                self.store.put(JOBS, job_id, document)
            if status.is_terminal:
                self._active.pop(job_id, None)
        self.runs.set_status(job_id, status.value, error=info.error)

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
    """Startup hook: jobs that were live when the server stopped can never finish now."""
    runs = context.backend(RunStore)
    for name, document in context.store.list(JOBS):
        if document["properties"]["status"] not in ("Completed", "Failed", "Canceled"):
            document["properties"]["status"] = "Failed"
            context.store.put(JOBS, name, document)
            if runs.find_run(name) is not None:
                runs.set_status(name, "Failed", error="The aml-parity local workspace stopped "
                                "while this job was running; submit it again.")
