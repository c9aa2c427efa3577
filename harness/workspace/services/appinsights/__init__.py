"""Application Insights ingestion (``/v2/track``, ``/v2.1/track``): telemetry is taken quietly.

The SDKs, MLflow and the scoring server send telemetry; answered 404 it showed as a leak
and some senders retried. The local workspace accepts and drops it, answering as the
ingestion service does, so counts are right and nothing is kept.
"""
