"""MLflow 3's logged models: what ``log_model`` and autologging create, tag and measure.

MLflow 3 clients create a logged model (``POST /logged-models``) before they upload a
model's files, mark it READY when the upload ends (``PATCH /logged-models/{id}``) and log
the metrics computed on it with its ``model_id``. Without these routes ``log_model``
raises, and ``mlflow.sklearn.autolog()`` then drops every post-training metric of the run.

A model's files go to its source run's artifacts (``models/<model id>/`` of the run), the
one artifact location azureml-mlflow resolves for any run; a model created outside a run
gets its own artifact container (``LoggedModel/<model id>``). Documents live in the
collection ``mlflow.logged_models``, one per model::

    models = ctx.backend(LoggedModelStore)
    model = models.create("7", "model", source_run_id="job_1")
    models.record_metric(model["model_id"], {"key": "training_r2_score", "value": 0.9})
    models.finalize(model["model_id"], "LOGGED_MODEL_READY")
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from ...context import WorkspaceContext
from ..runhistory.models import RunStore
from . import exceptions
from .filters import parse_filter, sortable

LOGGED_MODELS = "mlflow.logged_models"
PENDING = "LOGGED_MODEL_PENDING"
STATUSES = ("LOGGED_MODEL_STATUS_UNSPECIFIED", PENDING, "LOGGED_MODEL_READY",
            "LOGGED_MODEL_UPLOAD_FAILED")
#: MLflow's default page size for ``search_logged_models``.
DEFAULT_MAX_RESULTS = 100
#: Search ``order_by`` field names -> document fields.
ORDER_FIELDS = {"creation_timestamp": "creation_timestamp_ms",
                "last_updated_timestamp": "last_updated_timestamp_ms"}


def _now_ms() -> int:
    return int(time.time() * 1000)


class LoggedModelStore:
    """Logged models by id: create, read, tag, parametrise, measure, finalize, search."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self.runs = context.backend(RunStore)
        self._lock = threading.RLock()
        s = context.settings
        self.artifact_root = f"azureml://{s.api_host}/mlflow/v2.0{s.workspace_arm_id}"
        self.bare_root = f"azureml://{s.api_host}"

    # create and read -------------------------------------------------------------------------
    def create(self, experiment_id: str, name: str | None, *, model_type: str = "",
               source_run_id: str = "", params: dict[str, str] | None = None,
               tags: dict[str, str] | None = None) -> dict[str, Any]:
        if not experiment_id:
            raise exceptions.invalid("Missing value for required parameter 'experiment_id'.")
        if source_run_id and self.runs.find_run(source_run_id) is None:
            raise exceptions.run_not_found(source_run_id)
        model_id = f"m-{uuid.uuid4().hex}"
        now = _now_ms()
        model = {"model_id": model_id, "experiment_id": experiment_id,
                 "name": name or f"model-{model_id[2:10]}", "model_type": model_type,
                 "source_run_id": source_run_id, "status": PENDING, "status_message": "",
                 "creation_timestamp_ms": now, "last_updated_timestamp_ms": now,
                 "artifact_uri": self._artifact_uri(experiment_id, source_run_id, model_id),
                 "tags": dict(tags or {}), "params": dict(params or {}), "metrics": [],
                 "deleted": False}
        self.store.put(LOGGED_MODELS, model_id, model)
        return model

    def _artifact_uri(self, experiment_id: str, run_id: str, model_id: str) -> str:
        """Under the source run, where azureml-mlflow's run artifact client can reach it."""
        if run_id:
            return (f"{self.artifact_root}/experiments/{experiment_id}/runs/{run_id}"
                    f"/artifacts/models/{model_id}")
        return f"{self.bare_root}/LoggedModel/{model_id}/artifacts"

    def get(self, model_id: str, allow_deleted: bool = False) -> dict[str, Any]:
        model = self.store.get(LOGGED_MODELS, model_id)
        if model is None or (model["deleted"] and not allow_deleted):
            raise exceptions.logged_model_not_found(model_id)
        return dict(model)

    def _change(self, model_id: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Read, change and write one model under the lock (metrics arrive from threads)."""
        with self._lock:
            model = self.get(model_id)
            change(model)
            model["last_updated_timestamp_ms"] = _now_ms()
            self.store.put(LOGGED_MODELS, model_id, model)
            return model

    # change ----------------------------------------------------------------------------------
    def finalize(self, model_id: str, status: str) -> dict[str, Any]:
        if status not in STATUSES[1:]:
            raise exceptions.invalid(f"Invalid logged model status {status!r}.")
        return self._change(model_id, lambda model: model.update(status=status))

    def set_tags(self, model_id: str, tags: dict[str, str]) -> dict[str, Any]:
        return self._change(model_id, lambda model: model["tags"].update(tags))

    def delete_tag(self, model_id: str, key: str) -> None:
        def remove(model: dict[str, Any]) -> None:
            if key not in model["tags"]:
                raise exceptions.MlflowError(
                    404, "RESOURCE_DOES_NOT_EXIST",
                    f"No tag with key '{key}' found for logged model '{model_id}'.")
            del model["tags"][key]

        self._change(model_id, remove)

    def log_params(self, model_id: str, params: dict[str, str]) -> None:
        def merge(model: dict[str, Any]) -> None:
            for key, value in params.items():
                if key in model["params"] and model["params"][key] != value:
                    raise exceptions.invalid(
                        f"Changing param values is not allowed. Param with key='{key}' was "
                        f"already logged with value='{model['params'][key]}' for logged "
                        f"model ID='{model_id}'. Attempted logging new value '{value}'.")
                model["params"][key] = value

        self._change(model_id, merge)

    def record_metric(self, model_id: str, metric: dict[str, Any]) -> None:
        """A metric logged with ``model_id`` (also a run metric; see ``MlflowBackend``)."""
        self._change(model_id, lambda model: model["metrics"].append(metric))

    def delete(self, model_id: str) -> None:
        self._change(model_id, lambda model: model.update(deleted=True))

    # search ----------------------------------------------------------------------------------
    def search(self, experiment_ids: list[str], filter_text: str = "",
               datasets: list[dict[str, Any]] | None = None,
               order_by: list[dict[str, Any]] | None = None,
               max_results: int = DEFAULT_MAX_RESULTS,
               page_token: str = "") -> tuple[list[dict[str, Any]], str]:
        """One page of models and the token of the next ('' on the last page)."""
        ids = set(experiment_ids)
        predicates = parse_filter(filter_text, model_field)
        found = [m for _, m in self.store.list(LOGGED_MODELS)
                 if m["experiment_id"] in ids and not m["deleted"]
                 and all(p(m) for p in predicates) and _measured_on(m, datasets)]
        found.sort(key=lambda m: m["creation_timestamp_ms"], reverse=True)
        for clause in reversed(order_by or []):
            field = str(clause.get("field_name") or "")
            found.sort(key=lambda m, f=field: sortable(model_field(m, f)),  # type: ignore[misc]
                       reverse=not clause.get("ascending", True))
        start = int(page_token) if page_token.isdigit() else 0
        end = start + max(1, max_results)
        return found[start:end], str(end) if end < len(found) else ""


def _measured_on(model: dict[str, Any], datasets: list[dict[str, Any]] | None) -> bool:
    """Search's ``datasets``: keep models with a metric on one of them."""
    if not datasets:
        return True
    return any(m.get("dataset_name") == d.get("dataset_name")
               and (not d.get("dataset_digest") or m.get("dataset_digest") == d["dataset_digest"])
               for m in model["metrics"] for d in datasets)


def model_field(model: dict[str, Any], ident: str) -> Any:
    """A search identifier (``name``, ``metrics.rmse``, ``params.alpha``) of one model."""
    kind, _, name = ident.partition(".") if "." in ident else ("attributes", "", ident)
    name = name.strip("`\"")
    if kind in ("metrics", "metric"):
        values = [m for m in model["metrics"] if m.get("key") == name]
        return max(values, key=lambda m: (m.get("step") or 0, m.get("timestamp") or 0)
                   )["value"] if values else None
    if kind in ("params", "param"):
        return model["params"].get(name)
    if kind in ("tags", "tag"):
        return model["tags"].get(name)
    return model.get(ORDER_FIELDS.get(name, name))

