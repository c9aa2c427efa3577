"""Routes of the v1 execution service on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors
from .models import start_execution

EXP = r"/execution/v1\.0" + WS + r"/experiments/(?P<experiment>[^/]+)"

SERVICE = Service(
    name="execution",
    errors=V1Errors(),
    claims={AML_API: "/execution/"},
    ignore_case=True,
    startup=start_execution,
    routes=[
        (AML_API, "POST", EXP + r"/snapshotrun", r.snapshot_run),
        (AML_API, "POST", EXP + r"/runId/(?P<run>[^/]+)/cancel", r.cancel_run),
    ],
)
