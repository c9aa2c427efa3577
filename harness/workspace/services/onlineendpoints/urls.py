"""Routes of online endpoints on management.azure.com and of their scoring hosts."""

from __future__ import annotations

from ...hosts import ARM, SCORING_ONLINE
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import MlErrors
from .models import start_online_endpoints

ENDPOINTS = WS + r"/onlineEndpoints"
ENDPOINT = ENDPOINTS + r"/(?P<endpoint>[^/]+)"
DEPLOYMENTS = ENDPOINT + r"/deployments"
DEPLOYMENT = DEPLOYMENTS + r"/(?P<deployment>[^/]+)"
LOCATION = (r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.MachineLearningServices"
            r"/locations/(?P<region>[^/]+)")
ANY = r"/.*"

SERVICE = Service(
    name="onlineendpoints",
    errors=MlErrors(),
    claims={},
    ignore_case=True,
    startup=start_online_endpoints,
    routes=[
        (ARM, "GET", ENDPOINTS, r.list_endpoints),
        (ARM, "GET", ENDPOINT, r.get_endpoint),
        (ARM, "PUT", ENDPOINT, r.put_endpoint),
        (ARM, "DELETE", ENDPOINT, r.delete_endpoint),
        (ARM, "POST", ENDPOINT + r"/listKeys", r.list_keys),
        (ARM, "POST", ENDPOINT + r"/regenerateKeys", r.regenerate_keys),
        (ARM, "POST", ENDPOINT + r"/token", r.get_token),
        (ARM, "GET", DEPLOYMENTS, r.list_deployments),
        (ARM, "GET", DEPLOYMENT, r.get_deployment),
        (ARM, "PUT", DEPLOYMENT, r.put_deployment),
        (ARM, "DELETE", DEPLOYMENT, r.delete_deployment),
        (ARM, "POST", DEPLOYMENT + r"/getLogs", r.deployment_logs),
        (ARM, "GET", LOCATION + r"/mfeOperationsStatus/(?P<operation>[^/]+)",
         r.operation_status),
        (ARM, "GET", LOCATION + r"/mfeOperationResults/(?P<operation>[^/]+)",
         r.operation_result),
        (SCORING_ONLINE, "POST", ANY, r.score),
        (SCORING_ONLINE, "GET", ANY, r.score),
    ],
)
