"""Metric values of runs: the metric service's backend, shared by every run surface.

v1 ``run.log*`` (through the metric service), MLflow ``log_metric`` and v2 jobs all write
here.

MetricStore (collections ``runhistory.metric-defs`` and ``runhistory.metric-values``,
one document per value, kept in insertion order)::

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
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ...context import WorkspaceContext

METRIC_DEFS = "runhistory.metric-defs"
METRIC_VALUES = "runhistory.metric-values"
_SEP = "\x1f"  # between key parts: metric names may contain "/"


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
