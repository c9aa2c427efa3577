"""Routes of the v1 datastore service on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/datastore/v1\.0" + WS

SERVICE = Service(
    name="datastore",
    errors=V1Errors(),
    claims={AML_API: "/datastore/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", BASE + r"/default", r.get_default),
        (AML_API, "GET", BASE + r"/datastores", r.list_datastores),
        (AML_API, "GET", BASE + r"/datastores/(?P<name>[^/]+)", r.get_datastore),
    ],
)
