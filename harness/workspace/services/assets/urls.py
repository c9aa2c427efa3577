"""Routes of v2 asset and component versions under the workspace on management.azure.com."""

from ...hosts import ARM
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import MlErrors

KIND = r"/(?P<kind>codes|environments|models|data|components)"
NAME = r"/(?P<name>[^/]+)"
VERSION = r"/versions/(?P<version>[^/]+)"

SERVICE = Service(
    name="assets",
    errors=MlErrors(),
    claims={},
    ignore_case=True,
    routes=[
        (ARM, "GET", WS + KIND, r.list_containers),
        (ARM, "GET", WS + KIND + NAME, r.get_container),
        (ARM, "GET", WS + KIND + NAME + r"/versions", r.list_versions),
        (ARM, "GET", WS + KIND + NAME + VERSION, r.get_version),
        (ARM, "PUT", WS + KIND + NAME + VERSION, r.put_version),
        (ARM, "POST", WS + r"/(?P<kind>codes)" + NAME + VERSION + r"/startPendingUpload",
         r.start_pending_upload),
    ],
)
