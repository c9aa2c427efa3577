"""v1 metrics (``/metric/v2.0``): ingest, list and read runs' metrics (RunStore's MetricStore)."""
