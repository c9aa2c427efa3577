"""Runs, experiments, metrics and artifacts: the backend v1 and v2 surfaces share.

Azure ML keeps one run history per workspace; v1 runs, v2 jobs and MLflow runs are all
runs in it, so every service that shows runs, metrics or artifacts goes through the
three stores here (get them with ``ctx.backend(RunStore)`` etc.). Everything is kept in
``ctx.store`` (SQLite) and blob files, so a restarted server loses nothing.

Documents use the wire's camelCase keys so v1 handlers can return them nearly as they
are; times are ISO 8601 strings (:func:`harness.workspace.http.iso_time`).

RunStore (collection ``runhistory.runs``, key = run id; run ids are unique per
workspace, as on Azure)::

    runs = ctx.backend(RunStore)
    exp = runs.get_or_create_experiment("x")       # {"experimentId", "name", ...}
    runs.experiment("x") / runs.experiment_by_id(id)  # ExperimentNotFound if absent
    run = runs.create_run("x", "x_123", runType="azureml.scriptrun", tags={"a": "b"})
    runs.get_run("x_123")                           # RunNotFound if absent
    runs.find_run("x_123")                          # or None
    runs.update_run("x_123", displayName="n", tags={"c": "d"})  # tags/properties merge
    runs.upsert_run("x", "x_123", **fields)         # create or update (v1 PATCH)
    runs.set_status("x_123", "Running")             # stamps startTimeUtc/endTimeUtc
    runs.set_status("x_123", "Failed", error="message")  # error in the v1 shape
    runs.cancel("x_123", reason="why")              # observers stop its job
    runs.list_runs(experiment="x", parent="x_123")  # children, sorted by run number
    runs.delete_tags("x_123", ["a"])

A run document always has: runId, runUuid, runNumber, experimentId, name (experiment
name is ``experimentName``), status, createdUtc, tags, properties, dataContainerId
(``dcid.<run id>``), rootRunId, parentRunId (or None), target, runType, runDefinition,
error (None or ``{"error": {"code", "message", ...}}``), startTimeUtc, endTimeUtc.

MetricStore (one document per value, kept in insertion order)::

    metrics = ctx.backend(MetricStore)
    metrics.append("x_123", "loss", [MetricValue({"loss": 0.5}, step=0)])
    metrics.append_scalar("x_123", "loss", 0.4, step=1)       # MLflow style
    metrics.append("x_123", "table", [MetricValue({"a": 1, "b": "x"})],
                   metric_type="azureml.v1.table", columns={"a": "int", "b": "string"})
    metrics.definitions("x_123")   # [MetricDefinition(name, metric_type, columns, count)]
    metrics.history("x_123", "loss")   # [MetricValue], oldest first
    metrics.latest("x_123")            # {"loss": MetricValue} (last logged value each)
    metrics.clear("x_123")             # forget all metrics of a run

``MetricValue.data`` maps column name to value; a scalar metric has one column named
like the metric. ``metric_type`` is v1's ``uxMetricType`` (``azureml.v1.scalar``,
``azureml.v1.list``, ``azureml.v1.table``, ``azureml.v1.image``, ...); MLflow metrics
are scalars.

ArtifactStore (collection ``runhistory.artifacts``; bytes in the workspace storage
account, container ``azureml``, blob ``<origin>/<container>/<path>``, as on Azure)::

    artifacts = ctx.backend(ArtifactStore)
    artifacts.write("x_123", "outputs/model.pkl", b"...")   # store bytes + register
    artifacts.register("x_123", "outputs/a.txt")            # bytes uploaded via a SAS
    artifacts.list("x_123", prefix="outputs/")              # [Artifact]
    artifacts.get("x_123", "outputs/a.txt")                 # Artifact or None
    artifacts.read("x_123", "outputs/a.txt")                # bytes
    artifacts.local_path(artifact)                          # the file on disk

Run artifacts live under origin ``ExperimentRun`` and container ``dcid.<run id>``; the
``*_in`` variants take any origin/container (v1 ``LocalUpload`` model uploads).
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from ..blob.models import BlobBackend
from . import exceptions

EXPERIMENTS = "runhistory.experiments"
EXPERIMENT_IDS = "runhistory.experiment-ids"
RUNS = "runhistory.runs"
COUNTERS = "runhistory.counters"
METRIC_DEFS = "runhistory.metric-defs"
METRIC_VALUES = "runhistory.metric-values"
ARTIFACTS = "runhistory.artifacts"

RUN_ORIGIN = "ExperimentRun"
"""The artifact origin of run artifacts (``ExperimentRun/dcid.<run id>/<path>``)."""

_SEP = "\x1f"  # between key parts: metric names and paths may contain "/"
_MERGED = ("tags", "properties")
TERMINAL = frozenset({"Completed", "Failed", "Canceled"})
CANCELED_EVENT = "Microsoft.MachineLearning.Run.Canceled"
_STARTED = frozenset({"Running", "Finalizing", *TERMINAL})


def data_container_id(run_id: str) -> str:
    """The artifact container of a run, as Azure names it."""
    return f"dcid.{run_id}"


class RunObserver:
    """Something that keeps runs current (the backends running jobs do): told when runs are read.

    The one way to follow runs: register with :meth:`RunStore.observe`; the store calls
    its observers, in the order they registered, when a run's details are read and when
    a run event (a cancel) arrives. The defaults do nothing.
    """

    def before_details(self, run: dict[str, Any]) -> dict[str, Any]:
        """Called before a run's details are rendered; may return a fresher run."""
        return run

    def after_details(self, run: dict[str, Any]) -> None:
        """Called once a details answer showing ``run`` is rendered, before it is sent."""

    def on_event(self, run: dict[str, Any], event: str) -> bool:
        """A run event (``Microsoft.MachineLearning.Run.Canceled`` ...); True if handled."""
        return False


class RunStore:
    """Experiments and runs of the workspace (v1 runs, v2 jobs and MLflow runs alike)."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self._observers: list[RunObserver] = []
        self._lock = threading.RLock()

    # observers --------------------------------------------------------------------------
    def observe(self, observer: RunObserver) -> None:
        """Tell ``observer`` of every run's details reads and events from now on."""
        if observer not in self._observers:
            self._observers.append(observer)

    def before_details(self, run: dict[str, Any]) -> dict[str, Any]:
        """``run`` as its observers make it current before its details are rendered."""
        for observer in self._observers:
            run = observer.before_details(run)
        return run

    def after_details(self, run: dict[str, Any]) -> None:
        """Tell observers a details answer showing ``run`` is rendered, before it is sent."""
        for observer in self._observers:
            observer.after_details(run)

    def on_event(self, run: dict[str, Any], event: str) -> bool:
        """Hand a run event to the observers in turn; True once one has handled it."""
        return any(observer.on_event(run, event) for observer in self._observers)

    # experiments ----------------------------------------------------------------------
    def get_or_create_experiment(self, name: str, **fields: Any) -> dict[str, Any]:
        """The experiment called ``name`` (names compare case-insensitively, as on Azure)."""
        with self._lock:
            found = self.store.get(EXPERIMENTS, name.lower())
            if found is not None:
                return dict(found)
            experiment = {
                "experimentId": str(uuid.uuid4()),
                "name": name,
                "description": None,
                "createdUtc": iso_time(),
                "tags": {},
                "archivedTime": None,
                "retainForLifetimeOfWorkspace": False,
                "artifactLocation": None,
                **fields,
            }
            self.store.put(EXPERIMENTS, name.lower(), experiment)
            self.store.put(EXPERIMENT_IDS, experiment["experimentId"], name.lower())
            return dict(experiment)

    def experiment(self, name: str) -> dict[str, Any]:
        found = self.store.get(EXPERIMENTS, name.lower())
        if found is None:
            raise exceptions.experiment_not_found(name)
        return dict(found)

    def experiment_by_id(self, experiment_id: str) -> dict[str, Any]:
        key = self.store.get(EXPERIMENT_IDS, experiment_id)
        found = None if key is None else self.store.get(EXPERIMENTS, key)
        if found is None:
            raise exceptions.experiment_not_found(experiment_id)
        return dict(found)

    def experiments(self) -> list[dict[str, Any]]:
        return [doc for _, doc in self.store.list(EXPERIMENTS)]

    def update_experiment(self, name: str, **fields: Any) -> dict[str, Any]:
        """Change an experiment; ``tags`` merge into the existing ones."""
        with self._lock:
            experiment = self.experiment(name)
            for key, value in fields.items():
                if key == "tags" and value is not None:
                    experiment["tags"] = {**(experiment.get("tags") or {}), **value}
                elif key not in ("experimentId", "name"):
                    experiment[key] = value
            self.store.put(EXPERIMENTS, name.lower(), experiment)
            return experiment

    # runs -------------------------------------------------------------------------------
    def _next_number(self, name: str) -> int:
        with self._lock:
            number = int(self.store.get(COUNTERS, name) or 0) + 1
            self.store.put(COUNTERS, name, number)
            return number

    def find_run(self, run_id: str) -> dict[str, Any] | None:
        found = self.store.get(RUNS, run_id)
        return None if found is None else dict(found)

    def get_run(self, run_id: str) -> dict[str, Any]:
        found = self.find_run(run_id)
        if found is None:
            raise exceptions.run_not_found(run_id)
        return found

    def create_run(self, experiment: str, run_id: str, **fields: Any) -> dict[str, Any]:
        """A new run in ``experiment`` (created if missing); RunExists if the id is taken.

        ``fields`` are RunDto keys (camelCase) and override the defaults.
        """
        with self._lock:
            if self.find_run(run_id) is not None:
                raise exceptions.run_exists(run_id)
            exp = self.get_or_create_experiment(experiment)
            parent = fields.get("parentRunId")
            root = run_id
            if parent:
                root = (self.find_run(parent) or {}).get("rootRunId") or parent
            run: dict[str, Any] = {
                "runId": run_id,
                "runUuid": str(uuid.uuid4()),
                "runNumber": self._next_number("run-number"),
                "experimentId": exp["experimentId"],
                "experimentName": exp["name"],
                "name": None,
                "displayName": run_id,
                "description": None,
                "status": "NotStarted",
                "createdUtc": iso_time(),
                "startTimeUtc": None,
                "endTimeUtc": None,
                "parentRunId": None,
                "rootRunId": root,
                "dataContainerId": data_container_id(run_id),
                "runType": None,
                "target": None,
                "scriptName": None,
                "hidden": False,
                "heartbeatEnabled": False,
                "tags": {},
                "properties": {},
                "runDefinition": None,
                "error": None,
                "warnings": None,
                "userId": self.context.settings.user_object_id,
                "createdBy": self._created_by(),
                **{k: v for k, v in fields.items() if k not in _MERGED},
            }
            for key in _MERGED:
                run[key].update(fields.get(key) or {})
            self.store.put(RUNS, run_id, run)
            return dict(run)

    def _created_by(self) -> dict[str, Any]:
        s = self.context.settings
        return {"userObjectId": s.user_object_id, "userTenantId": s.tenant_id,
                "userName": s.user_name, "userPuId": None, "userIdp": None,
                "userAltSecId": None, "userIss": None}

    def update_run(self, run_id: str, **fields: Any) -> dict[str, Any]:
        """Change a run; ``tags`` and ``properties`` merge; None values are ignored.

        Ids (runId, runUuid, runNumber, experimentId) never change.
        """
        with self._lock:
            run = self.get_run(run_id)
            for key, value in fields.items():
                if value is None or key in ("runId", "runUuid", "runNumber", "experimentId"):
                    continue
                if key in _MERGED:
                    run[key] = {**(run.get(key) or {}), **value}
                elif key == "status":
                    self._apply_status(run, str(value))
                else:
                    run[key] = value
            self.store.put(RUNS, run_id, run)
            return dict(run)

    def upsert_run(self, experiment: str, run_id: str, **fields: Any) -> dict[str, Any]:
        """Create the run if it does not exist, else update it (v1's PATCH does both)."""
        with self._lock:
            if self.find_run(run_id) is None:
                return self.create_run(experiment, run_id, **fields)
            return self.update_run(run_id, **fields)

    @staticmethod
    def _apply_status(run: dict[str, Any], status: str) -> None:
        if run.get("status") in TERMINAL and status not in TERMINAL:
            return  # a late "Running" from a slow client never revives a finished run
        run["status"] = status
        if status in _STARTED and not run.get("startTimeUtc"):
            run["startTimeUtc"] = iso_time()
        if status in TERMINAL and not run.get("endTimeUtc"):
            run["endTimeUtc"] = iso_time()

    def set_status(self, run_id: str, status: str, *, error: str | Mapping[str, Any] | None
                   = None, **fields: Any) -> dict[str, Any]:
        """Set the status (stamping start and end times); ``error`` as text or v1 shape."""
        with self._lock:
            run = self.get_run(run_id)
            self._apply_status(run, status)
            if error is not None:
                run["error"] = error_document(error) if isinstance(error, str) else dict(error)
            for key, value in fields.items():
                run[key] = value
            self.store.put(RUNS, run_id, run)
            return dict(run)

    def cancel(self, run_id: str, reason: str | None = None) -> dict[str, Any]:
        """Run history's cancel: keep why, then let the observer running the job stop it.

        The reason is kept where Azure keeps it (the RunDto's ``cancelationReason``) and
        as a warning: v1 ``get_details()`` has no field for it, and both SDKs print a
        run's warnings when they stream it. A run no observer executes (a
        ``start_logging`` run) ends Canceled here; a finished run stays as it is.
        """
        with self._lock:
            run = self.get_run(run_id)
            if run.get("status") in TERMINAL:
                return run
            if reason:
                warning = {"source": "aml-parity local workspace", "message": reason,
                           "time": iso_time()}
                run = self.update_run(run_id, cancelationReason=reason,
                                      warnings=[*(run.get("warnings") or []), warning])
        if not self.on_event(run, CANCELED_EVENT):
            self.set_status(run_id, "Canceled")
        return self.get_run(run_id)

    def delete_tags(self, run_id: str, names: Iterable[str]) -> dict[str, Any]:
        with self._lock:
            run = self.get_run(run_id)
            for name in names:
                run["tags"].pop(name, None)
            self.store.put(RUNS, run_id, run)
            return dict(run)

    def list_runs(self, experiment: str | None = None,
                  parent: str | None = None) -> list[dict[str, Any]]:
        """Runs of an experiment (by name or id) and/or children of ``parent``."""
        exp_id = None
        if experiment is not None:
            found = self.store.get(EXPERIMENTS, experiment.lower())
            exp_id = found["experimentId"] if found else experiment
        runs = [doc for _, doc in self.store.list(RUNS)
                if (exp_id is None or doc.get("experimentId") == exp_id)
                and (parent is None or doc.get("parentRunId") == parent)]
        return sorted(runs, key=lambda r: r.get("runNumber") or 0)


def error_document(message: str, code: str = "UserError") -> dict[str, Any]:
    """A run's ``error`` in the v1 ErrorResponse shape the SDK prints."""
    return {"error": {"code": code, "message": message, "messageFormat": None,
                      "messageParameters": {}, "referenceCode": None, "detailsUri": None,
                      "target": None, "details": [], "innerError": None,
                      "debugInfo": None, "additionalInfo": None},
            "correlation": None, "environment": None, "location": None, "time": iso_time(),
            "componentName": "CommonRuntime"}


@dataclass
class MetricValue:
    """One logged value: ``data`` maps column to value; scalars have one column."""

    data: dict[str, Any]
    step: int | None = None
    timestamp: float = field(default_factory=time.time)
    metric_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class MetricDefinition:
    """What is known about one metric of a run."""

    name: str
    metric_type: str = "azureml.v1.scalar"
    columns: dict[str, str] = field(default_factory=dict)
    count: int = 0
    properties: dict[str, Any] = field(default_factory=dict)


class MetricStore:
    """Metric values per run and name, in the order they were logged."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store
        self._lock = threading.Lock()
        self._sequence = itertools.count()

    @staticmethod
    def _def_key(run_id: str, name: str) -> str:
        return f"{run_id}{_SEP}{name}"

    def append(self, run_id: str, name: str, values: Iterable[MetricValue], *,
               metric_type: str | None = None, columns: Mapping[str, str] | None = None,
               properties: Mapping[str, Any] | None = None) -> int:
        """Add values to a metric (created on first use); returns how many were added."""
        items = list(values)
        with self._lock:
            key = self._def_key(run_id, name)
            doc = self.store.get(METRIC_DEFS, key)
            definition = MetricDefinition(**doc) if doc else MetricDefinition(name)
            if metric_type:
                definition.metric_type = metric_type
            if columns:
                definition.columns.update(columns)
            elif not definition.columns:
                for item in items:
                    definition.columns.update({c: _column_type(v) for c, v in item.data.items()})
            if properties:
                definition.properties.update(properties)
            for item in items:
                order = f"{time.time_ns():020d}{next(self._sequence) % 10**6:06d}"
                self.store.put(METRIC_VALUES, f"{key}{_SEP}{order}", asdict(item))
            definition.count += len(items)
            self.store.put(METRIC_DEFS, key, asdict(definition))
        return len(items)

    def append_scalar(self, run_id: str, name: str, value: Any, step: int | None = None,
                      timestamp: float | None = None) -> None:
        """One scalar value (the MLflow ``log_metric`` case)."""
        item = MetricValue({name: value}, step=step)
        if timestamp is not None:
            item.timestamp = timestamp
        self.append(run_id, name, [item], metric_type="azureml.v1.scalar")

    def clear(self, run_id: str) -> None:
        """Forget every metric of a run (a run started again from scratch)."""
        with self._lock:
            for key, _ in self.store.list(METRIC_VALUES, f"{run_id}{_SEP}"):
                self.store.delete(METRIC_VALUES, key)
            for key, _ in self.store.list(METRIC_DEFS, f"{run_id}{_SEP}"):
                self.store.delete(METRIC_DEFS, key)

    def definitions(self, run_id: str) -> list[MetricDefinition]:
        return [MetricDefinition(**doc)
                for _, doc in self.store.list(METRIC_DEFS, f"{run_id}{_SEP}")]

    def definition(self, run_id: str, name: str) -> MetricDefinition | None:
        doc = self.store.get(METRIC_DEFS, self._def_key(run_id, name))
        return None if doc is None else MetricDefinition(**doc)

    def history(self, run_id: str, name: str) -> list[MetricValue]:
        prefix = f"{self._def_key(run_id, name)}{_SEP}"
        return [MetricValue(**doc) for _, doc in self.store.list(METRIC_VALUES, prefix)]

    def latest(self, run_id: str) -> dict[str, MetricValue]:
        out: dict[str, MetricValue] = {}
        for definition in self.definitions(run_id):
            values = self.history(run_id, definition.name)
            if values:
                out[definition.name] = values[-1]
        return out


def _column_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return "string"


@dataclass
class Artifact:
    """A registered artifact and where its bytes are in the workspace storage."""

    origin: str
    container: str
    path: str
    account: str
    storage_container: str
    blob_path: str
    created: str = field(default_factory=iso_time)
    content_type: str | None = None

    @property
    def artifact_id(self) -> str:
        return f"{self.origin}/{self.container}/{self.path}"


class ArtifactStore:
    """Artifacts by (origin, container, path); run artifacts are ExperimentRun/dcid.<run>."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self.blobs = context.backend(BlobBackend)

    @staticmethod
    def _key(origin: str, container: str, path: str) -> str:
        return f"{origin}{_SEP}{container}{_SEP}{path}"

    def register_in(self, origin: str, container: str, path: str, *,
                    storage_container: str | None = None, blob_path: str | None = None,
                    content_type: str | None = None) -> Artifact:
        """Record an artifact (idempotent); default blob ``<origin>/<container>/<path>``."""
        settings = self.context.settings
        artifact = Artifact(origin=origin, container=container, path=path.lstrip("/"),
                            account=settings.storage_account,
                            storage_container=storage_container or settings.artifact_container,
                            blob_path=blob_path or f"{origin}/{container}/{path.lstrip('/')}",
                            content_type=content_type)
        self.blobs.ensure_container(artifact.account, artifact.storage_container)
        existing = self.store.get(ARTIFACTS, self._key(origin, container, artifact.path))
        if existing is not None and existing["blob_path"] == artifact.blob_path:
            return Artifact(**existing)
        self.store.put(ARTIFACTS, self._key(origin, container, artifact.path), asdict(artifact))
        return artifact

    def register(self, run_id: str, path: str, *, storage_container: str | None = None,
                 blob_path: str | None = None, content_type: str | None = None) -> Artifact:
        return self.register_in(RUN_ORIGIN, data_container_id(run_id), path,
                                storage_container=storage_container, blob_path=blob_path,
                                content_type=content_type)

    def get_in(self, origin: str, container: str, path: str) -> Artifact | None:
        doc = self.store.get(ARTIFACTS, self._key(origin, container, path.lstrip("/")))
        return None if doc is None else Artifact(**doc)

    def get(self, run_id: str, path: str) -> Artifact | None:
        return self.get_in(RUN_ORIGIN, data_container_id(run_id), path)

    def list_in(self, origin: str, container: str, prefix: str = "") -> list[Artifact]:
        start = self._key(origin, container, prefix.lstrip("/"))
        return [Artifact(**doc) for _, doc in self.store.list(ARTIFACTS, start)]

    def list(self, run_id: str, prefix: str = "") -> list[Artifact]:
        return self.list_in(RUN_ORIGIN, data_container_id(run_id), prefix)

    def write_in(self, origin: str, container: str, path: str, data: bytes,
                 content_type: str | None = None) -> Artifact:
        artifact = self.register_in(origin, container, path, content_type=content_type)
        content = {"content_type": content_type} if content_type else {}
        self.blobs.put(artifact.account, artifact.storage_container, artifact.blob_path, data,
                       content, {})
        return artifact

    def write(self, run_id: str, path: str, data: bytes,
              content_type: str | None = None) -> Artifact:
        """Store ``data`` as a run artifact (overwriting) and register it."""
        return self.write_in(RUN_ORIGIN, data_container_id(run_id), path, data, content_type)

    def exists(self, artifact: Artifact) -> bool:
        return self.local_path(artifact).is_file()

    def local_path(self, artifact: Artifact) -> Path:
        return self.context.blob_files.path(artifact.account, artifact.storage_container,
                                            artifact.blob_path)

    def read(self, run_id: str, path: str) -> bytes:
        artifact = self.get(run_id, path)
        if artifact is None or not self.exists(artifact):
            raise exceptions.artifact_not_found(f"{data_container_id(run_id)}/{path}")
        return self.local_path(artifact).read_bytes()
