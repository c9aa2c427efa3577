"""Route of the discovery service on <region>.api.azureml.ms; it owns that host's 404s."""

from ...hosts import AML_API
from ...router import Service
from . import responses
from .exceptions import V1Errors

SERVICE = Service(
    name="discovery",
    errors=V1Errors(),
    claims={AML_API: "/"},
    routes=[
        (AML_API, "GET", r"/discovery", responses.discovery),
    ],
)
