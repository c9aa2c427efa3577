"""Routes of the v1 metric service (``/metric/v2.0``) on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

RUN = r"/metric/v2\.0" + WS + r"/runs/(?P<run>[^/]+)"

SERVICE = Service(
    name="metrics",
    errors=V1Errors(),
    claims={AML_API: "/metric/"},
    ignore_case=True,
    routes=[
        (AML_API, "POST", RUN + r"/batch", r.post_batch),
        (AML_API, "POST", RUN + r"/list", r.list_metrics),
        (AML_API, "POST", RUN + r"/full", r.get_full),
    ],
)
