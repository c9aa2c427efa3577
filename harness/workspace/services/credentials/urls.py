"""Routes of the v1 credential service on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

SECRETS = r"/credential/v2\.0" + WS + r"/secrets"

SERVICE = Service(
    name="credentials",
    errors=V1Errors(),
    claims={AML_API: "/credential/"},
    ignore_case=True,
    routes=[
        (AML_API, "PUT", SECRETS, r.create),
        (AML_API, "GET", SECRETS, r.list_names),
        (AML_API, "PUT", SECRETS + r":putbatch", r.create_batch),
        (AML_API, "POST", SECRETS + r":getbatch", r.get_batch),
        (AML_API, "POST", SECRETS + r":deletebatch", r.delete_batch),
        (AML_API, "GET", SECRETS + r"/(?P<name>[^/:]+)", r.get),
        (AML_API, "DELETE", SECRETS + r"/(?P<name>[^/:]+)", r.delete),
    ],
)
