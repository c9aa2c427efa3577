"""Routes of the v1 content (snapshot) service on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

V1 = r"/content/v1\.0" + WS + r"/snapshots"
V2 = r"/content/v2\.0" + WS + r"/snapshots"
ID = r"/(?P<snapshot>[0-9a-fA-F-]{36})"

SERVICE = Service(
    name="content",
    errors=V1Errors(),
    claims={AML_API: "/content/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", V1 + r"/latest/metadata", r.latest_metadata),
        (AML_API, "POST", V2 + r"/getblob", r.get_blob_urls),
        (AML_API, "POST", V2 + ID, r.create_snapshot),
        (AML_API, "GET", V1 + ID, r.get_snapshot),
        (AML_API, "GET", V2 + ID, r.get_snapshot),
    ],
)
