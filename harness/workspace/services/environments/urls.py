"""Routes of the v1 environment service on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/environment/v1\.0" + WS + r"/environments"
NAME = r"/(?P<name>[^/]+)"
VERSION = r"/versions/(?P<version>[^/]+)"

SERVICE = Service(
    name="environments",
    errors=V1Errors(),
    claims={AML_API: "/environment/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", BASE + r"/?", r.list_definitions),
        (AML_API, "PUT", BASE + NAME, r.register),
        (AML_API, "PUT", BASE + NAME + VERSION, r.register),
        (AML_API, "GET", BASE + NAME, r.get_definition),
        (AML_API, "GET", BASE + NAME + VERSION, r.get_definition),
        (AML_API, "GET", BASE + NAME + r"/labels/(?P<label>[^/]+)", r.get_by_label),
        (AML_API, "PUT", BASE + NAME + VERSION + r"/metadata", r.set_labels),
    ],
)
