"""Routes of Application Insights ingestion (dc.services.visualstudio.com and regional hosts)."""

from ...hosts import APP_INSIGHTS
from ...router import Service
from . import responses as r
from .exceptions import IngestionErrors

SERVICE = Service(
    name="appinsights",
    errors=IngestionErrors(),
    claims={APP_INSIGHTS: "/"},
    ignore_case=True,
    routes=[
        (APP_INSIGHTS, "POST", r"/v2(?:\.1)?/track/?", r.track),
    ],
)
