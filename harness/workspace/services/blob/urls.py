"""Routes of Blob Storage on <account>.blob.core.windows.net (path: /container/blob)."""

from ...hosts import BLOB
from ...router import Service
from . import responses as r
from .exceptions import BlobErrors
from .models import create_workspace_containers

CONTAINER = r"/(?P<container>[a-z0-9$][a-z0-9-]{1,62})"
ANY = ("GET", "HEAD", "PUT", "DELETE")

SERVICE = Service(
    name="blob",
    errors=BlobErrors(),
    claims={BLOB: "/"},
    startup=create_workspace_containers,
    routes=[
        (BLOB, "GET", r"/?", r.service),
        *[(BLOB, method, CONTAINER + "/?", r.container) for method in ANY],
        *[(BLOB, method, CONTAINER + r"/(?P<blob>.+)", r.blob) for method in ANY],
    ],
)
