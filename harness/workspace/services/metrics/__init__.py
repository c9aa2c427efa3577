"""v1 metrics (``/metric/v2.0``): ingest, list and read runs' metrics.

``models.py`` is the metric backend every surface writes to (v1, MLflow, v2 jobs);
``documents.py`` translates the MetricV2Dto wire documents.
"""
