"""Routes of the v1 dataset service (and its dataflow read-back) on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/dataset/v1\.0" + WS

SERVICE = Service(
    name="datasets",
    errors=V1Errors(),
    claims={AML_API: "/dataset/"},
    ignore_case=True,
    routes=[
        (AML_API, "POST", BASE + r"/datasets", r.register),
        (AML_API, "GET", BASE + r"/datasets", r.list_datasets),
        (AML_API, "GET", BASE + r"/datasets/query/name=(?P<name>[^/]+)", r.get_by_name),
        (AML_API, "GET", BASE + r"/datasets/query/savedDatasetId=(?P<saved>[^/]+)",
         r.by_saved_id),
        (AML_API, "GET", BASE + r"/datasets/(?P<id>[^/]+)", r.get_by_id),
        (AML_API, "POST", BASE + r"/saveddatasets", r.ensure_saved),
        (AML_API, "GET", BASE + r"/saveddatasets/(?P<id>[^/]+)", r.get_saved),
        (AML_API, "GET", r"/data/v1\.0" + WS + r"/dataversion/(?P<key>[^/]+)/versions/"
         r"(?P<version>[^/]+)", r.dataversion),
    ],
)
