"""Metric wire documents to and from :class:`~.models.MetricStore`.

The store is the metric service's backend (v2 jobs and MLflow write there too); this
module only translates MetricV2Dto documents (``azureml/_restclient/models/metric_v2_dto.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...http import iso_time
from ..runhistory.models import data_container_id
from .models import MetricStore, MetricValue

DEFAULT_TYPE = "azureml.v1.scalar"


def _timestamp(text: Any) -> float | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def ingest(store: MetricStore, run_id: str, metric: dict[str, Any]) -> int:
    """Store one MetricV2Dto of a batch; returns how many values it held."""
    name = str(metric.get("name") or "")
    values = []
    for raw in metric.get("value") or []:
        item = MetricValue(data=dict(raw.get("data") or {}), step=raw.get("step"))
        stamp = _timestamp(raw.get("createdUtc"))
        if stamp is not None:
            item.timestamp = stamp
        if raw.get("metricId"):
            item.metric_id = str(raw["metricId"])
        values.append(item)
    properties = metric.get("properties") or {}
    return store.append(run_id, name, values,
                        metric_type=properties.get("uxMetricType") or DEFAULT_TYPE,
                        columns=metric.get("columns") or None, properties=properties)


def definitions(store: MetricStore, run_id: str) -> list[dict[str, Any]]:
    """MetricDefinitionDto documents, one per metric of the run."""
    return [{"metricKey": {"namespace": None, "name": d.name},
             "columns": d.columns,
             "properties": {"uxMetricType": d.metric_type}}
            for d in store.definitions(run_id)]


def full(store: MetricStore, run_id: str, name: str) -> dict[str, Any] | None:
    """The MetricV2Dto with every value of one metric, or None if it was never logged."""
    definition = store.definition(run_id, name)
    if definition is None:
        return None
    values = [{"metricId": v.metric_id, "createdUtc": iso_time(v.timestamp),
               "step": v.step, "data": v.data} for v in store.history(run_id, name)]
    return {"dataContainerId": data_container_id(run_id), "name": name,
            "columns": definition.columns, "properties": {"uxMetricType": definition.metric_type},
            "namespace": None, "standardSchemaId": None, "value": values}
