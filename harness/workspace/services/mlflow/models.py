"""MLflow's view of the shared run history: runs, params, tags, metrics, experiments.

MLflow runs are run-history runs (``RunStore``), so a v2 job, a v1 run and a client-side
``mlflow.start_run()`` are all visible here and through ``/history``. Params live in the
run document's ``parameters`` map (v1 clients ignore the field); metrics are scalar
values in ``MetricStore`` with their steps. Status names are translated both ways.
A metric logged with a ``model_id`` is a run metric and also one of that logged model's
(``logged_models.py``); datasets and models a run used or produced (``log-inputs``,
``outputs``) are kept per run in ``mlflow.run_io``.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import datetime
from typing import Any

from ...context import WorkspaceContext
from .._shapes import V1Error
from ..metrics.models import MetricStore
from ..runhistory.models import RunStore
from . import exceptions
from .filters import is_number, order_key, parse_filter, sort_key
from .logged_models import LoggedModelStore

TO_MLFLOW = {"NotStarted": "SCHEDULED", "Queued": "SCHEDULED", "Preparing": "SCHEDULED",
             "Starting": "SCHEDULED", "Provisioning": "SCHEDULED", "Running": "RUNNING",
             "Finalizing": "RUNNING", "CancelRequested": "RUNNING", "Completed": "FINISHED",
             "Failed": "FAILED", "Canceled": "KILLED"}
FROM_MLFLOW = {"RUNNING": "Running", "SCHEDULED": "NotStarted", "FINISHED": "Completed",
               "FAILED": "Failed", "KILLED": "Canceled"}
PARAMS = "parameters"
JOBS = "jobs.jobs"
RUN_IO = "mlflow.run_io"
"""Per run: ``dataset_inputs``, ``model_inputs`` and ``model_outputs`` as MLflow shows them."""


def to_millis(text: str | None) -> int | None:
    """An Azure ISO time (7 fractional digits) as epoch milliseconds."""
    if not text:
        return None
    trimmed = re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00")
    return int(datetime.fromisoformat(trimmed).timestamp() * 1000)


def from_millis(value: Any) -> str | None:
    from ...http import iso_time

    return None if value in (None, "", 0, "0") else iso_time(int(value) / 1000)


class MlflowBackend:
    """Translates MLflow requests into run-history reads and writes."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.runs = context.backend(RunStore)
        self.metrics = context.backend(MetricStore)
        self.logged_models = context.backend(LoggedModelStore)
        self._io_lock = threading.Lock()
        s = context.settings
        self.artifact_root = f"azureml://{s.api_host}/mlflow/v2.0{s.workspace_arm_id}"

    # experiments ---------------------------------------------------------------------------
    def experiment_view(self, experiment: dict[str, Any]) -> dict[str, Any]:
        created = to_millis(experiment.get("createdUtc"))
        return {"experiment_id": experiment["experimentId"], "name": experiment["name"],
                "artifact_location": f"{self.artifact_root}/experiments/"
                f"{experiment['experimentId']}", "lifecycle_stage": "active",
                "last_update_time": created, "creation_time": created,
                "tags": [{"key": k, "value": v} for k, v in (experiment.get("tags") or {}).items()]}

    def experiment_by_name(self, name: str) -> dict[str, Any]:
        try:
            return self.experiment_view(self.runs.experiment(name))
        except V1Error as exc:
            raise exceptions.experiment_not_found(f"name '{name}'") from exc

    def experiment_by_id(self, experiment_id: str) -> dict[str, Any]:
        try:
            return self.experiment_view(self.runs.experiment_by_id(experiment_id))
        except V1Error as exc:
            raise exceptions.experiment_not_found(f"id '{experiment_id}'") from exc

    def create_experiment(self, name: str, tags: dict[str, str]) -> str:
        if any(e["name"].lower() == name.lower() for e in self.runs.experiments()):
            raise exceptions.already_exists(f"Experiment '{name}' already exists.")
        experiment = self.runs.get_or_create_experiment(name)
        if tags:
            self.runs.update_experiment(name, tags=tags)
        return str(experiment["experimentId"])

    def experiments(self) -> list[dict[str, Any]]:
        return [self.experiment_view(e) for e in self.runs.experiments()]

    # runs ------------------------------------------------------------------------------------
    def _run(self, run_id: str) -> dict[str, Any]:
        run = self.runs.find_run(run_id)
        if run is None:
            raise exceptions.run_not_found(run_id)
        return run

    def run_view(self, run: dict[str, Any]) -> dict[str, Any]:
        run_id = run["runId"]
        tags = dict(run.get("tags") or {})
        tags.setdefault("mlflow.runName", run.get("displayName") or run_id)
        info = {"run_id": run_id, "run_uuid": run_id, "run_name": run.get("displayName") or run_id,
                "experiment_id": run["experimentId"], "user_id": self.context.settings.user_name,
                "status": TO_MLFLOW.get(run.get("status") or "", "RUNNING"),
                "start_time": to_millis(run.get("startTimeUtc") or run.get("createdUtc")),
                "end_time": to_millis(run.get("endTimeUtc")),
                "artifact_uri": f"{self.artifact_root}/experiments/{run['experimentId']}/runs/"
                f"{run_id}/artifacts", "lifecycle_stage": "active"}
        metrics = [{"key": name, "value": value.data.get(name),
                    "timestamp": int(value.timestamp * 1000), "step": value.step or 0}
                   for name, value in self.metrics.latest(run_id).items()
                   if is_number(value.data.get(name))]
        return {"info": {k: v for k, v in info.items() if v is not None},
                "data": {"metrics": metrics,
                         "params": [{"key": k, "value": str(v)}
                                    for k, v in (run.get(PARAMS) or {}).items()],
                         "tags": [{"key": k, "value": str(v)} for k, v in tags.items()]},
                **self._inputs_and_outputs(run_id)}

    def _inputs_and_outputs(self, run_id: str) -> dict[str, Any]:
        io = self.context.store.get(RUN_IO, run_id) or {}
        inputs = {k: io[k] for k in ("dataset_inputs", "model_inputs") if io.get(k)}
        outputs = {"model_outputs": io["model_outputs"]} if io.get("model_outputs") else {}
        return {"inputs": inputs, "outputs": outputs}

    def log_inputs(self, run_id: str, datasets: list[dict[str, Any]],
                   models: list[dict[str, Any]]) -> None:
        """``log_inputs``: training datasets (autologging logs one per fit) and input models."""
        self._run(run_id)
        for model in models:
            self.logged_models.get(str(model.get("model_id") or ""))
        self._add_io(run_id, dataset_inputs=datasets, model_inputs=models)

    def log_outputs(self, run_id: str, models: list[dict[str, Any]]) -> None:
        """``log_outputs``: the logged models a run produced (``log_model`` names its own)."""
        self._run(run_id)
        for model in models:
            self.logged_models.get(str(model.get("model_id") or ""))
        self._add_io(run_id, model_outputs=models)

    def _add_io(self, run_id: str, **lists: list[dict[str, Any]]) -> None:
        with self._io_lock:
            io = self.context.store.get(RUN_IO, run_id) or {}
            for name, items in lists.items():
                known = io.setdefault(name, [])
                known.extend(item for item in items if item not in known)
            self.context.store.put(RUN_IO, run_id, io)

    def get_run(self, run_id: str) -> dict[str, Any]:
        return self.run_view(self._run(run_id))

    def create_run(self, experiment_id: str, run_name: str | None, start_time: Any,
                   tags: dict[str, str]) -> dict[str, Any]:
        experiment = self.experiment_by_id(experiment_id or self._default_experiment())
        run_id = str(uuid.uuid4())
        name = run_name or tags.get("mlflow.runName") or run_id
        started = from_millis(start_time) or from_millis(time.time() * 1000)
        self.runs.create_run(experiment["name"], run_id, displayName=name, tags=tags,
                             runType="mlflow", status="Running", startTimeUtc=started)
        return self.get_run(run_id)

    def _default_experiment(self) -> str:
        return str(self.runs.get_or_create_experiment("Default")["experimentId"])

    def update_run(self, run_id: str, status: str | None, end_time: Any,
                   run_name: str | None) -> dict[str, Any]:
        run = self._run(run_id)
        fields: dict[str, Any] = {}
        if run_name:
            fields["displayName"] = run_name
        if status and not self._job_controlled(run_id):
            fields["status"] = FROM_MLFLOW.get(status.upper(), run.get("status"))
            if end_time and fields["status"] in ("Completed", "Failed", "Canceled"):
                fields["endTimeUtc"] = from_millis(end_time)
        if fields:
            self.runs.update_run(run_id, **fields)
        return self.run_view(self._run(run_id))["info"]

    def _job_controlled(self, run_id: str) -> bool:
        """A job's run ends when its process does; ``mlflow.end_run()`` inside must not end it."""
        return self.context.store.get(JOBS, run_id) is not None

    def log_metric(self, run_id: str, key: str, value: Any, timestamp: Any, step: Any,
                   model_id: str = "", dataset: dict[str, str] | None = None) -> None:
        """A run metric; with ``model_id`` also a metric of that logged model (on ``dataset``)."""
        self._run(run_id)
        if not key:
            raise exceptions.invalid("Missing value for required parameter 'key'.")
        if model_id:
            self.logged_models.get(model_id)
        seconds = int(timestamp) / 1000 if timestamp not in (None, "") else None
        number = _number(value)
        self.metrics.append_scalar(run_id, key, number, step=int(step or 0), timestamp=seconds)
        if model_id:
            millis = int(timestamp) if timestamp not in (None, "") else int(time.time() * 1000)
            self.logged_models.record_metric(model_id, {
                "key": key, "value": number, "timestamp": millis, "step": int(step or 0),
                "run_id": run_id, "model_id": model_id,
                **{k: v for k, v in (dataset or {}).items() if v}})

    def log_params(self, run_id: str, params: dict[str, str]) -> None:
        run = self._run(run_id)
        current = dict(run.get(PARAMS) or {})
        for key, value in params.items():
            if key in current and current[key] != value:
                raise exceptions.invalid(
                    f"Changing param values is not allowed. Param with key='{key}' was already "
                    f"logged with value='{current[key]}' for run ID='{run_id}'. Attempted "
                    f"logging new value '{value}'.")
            current[key] = value
        self.runs.update_run(run_id, **{PARAMS: current})

    def set_tags(self, run_id: str, tags: dict[str, str]) -> None:
        self._run(run_id)
        fields: dict[str, Any] = {"tags": tags}
        if "mlflow.runName" in tags:
            fields["displayName"] = tags["mlflow.runName"]
        self.runs.update_run(run_id, **fields)

    def delete_tag(self, run_id: str, key: str) -> None:
        self._run(run_id)
        self.runs.delete_tags(run_id, [key])

    def metric_history(self, run_id: str, key: str) -> list[dict[str, Any]]:
        self._run(run_id)
        return [{"key": key, "value": value.data.get(key),
                 "timestamp": int(value.timestamp * 1000), "step": value.step or 0}
                for value in self.metrics.history(run_id, key)]

    def search_runs(self, experiment_ids: list[str], filter_text: str,
                    order_by: list[str], max_results: int) -> list[dict[str, Any]]:
        ids = set(experiment_ids)
        views = [self.run_view(r) for r in self.runs.list_runs() if r["experimentId"] in ids]
        predicates = parse_filter(filter_text)
        views = [v for v in views if all(p(v) for p in predicates)]
        views.sort(key=lambda v: v["info"].get("start_time") or 0, reverse=True)
        for clause in reversed(order_by):
            key, descending = order_key(clause)
            views.sort(key=sort_key(key), reverse=descending)
        return views[:max_results]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise exceptions.invalid(f"Metric value {value!r} is not a number.") from exc
