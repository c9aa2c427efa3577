"""Experiments and runs: the run history v1 runs, v2 jobs and MLflow runs all live in.

Azure ML keeps one run history per workspace; v1 runs, v2 jobs and MLflow runs are all
runs in it, so every service that shows runs goes through :class:`RunStore` (get it with
``ctx.backend(RunStore)``); their metrics and artifacts are kept by the metric and
artifact services' backends (:mod:`..metrics.models`, :mod:`..artifacts.models`).
Everything is kept in ``ctx.store`` (SQLite) and blob files, so a restarted server loses
nothing.

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
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from . import exceptions

EXPERIMENTS = "runhistory.experiments"
EXPERIMENT_IDS = "runhistory.experiment-ids"
RUNS = "runhistory.runs"
COUNTERS = "runhistory.counters"

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
