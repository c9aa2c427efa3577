"""Routes of v1 model management on <region>.api.azureml.ms (assets and models)."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/modelmanagement/v1\.0" + WS
ID = r"/(?P<id>[^/]+)"

SERVICE = Service(
    name="modelmanagement",
    errors=V1Errors(),
    claims={AML_API: "/modelmanagement/"},
    ignore_case=True,
    routes=[
        (AML_API, "POST", BASE + r"/assets", r.create_asset),
        (AML_API, "GET", BASE + r"/assets", r.list_assets),
        (AML_API, "GET", BASE + r"/assets" + ID, r.get_asset),
        (AML_API, "POST", BASE + r"/models", r.register_model),
        (AML_API, "GET", BASE + r"/models", r.list_models),
        (AML_API, "GET", BASE + r"/models" + ID, r.get_model),
        (AML_API, "DELETE", BASE + r"/models" + ID, r.delete_model),
    ],
)
