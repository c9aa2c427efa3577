"""Routes of ARM on management.azure.com, plus the v1 ``/rp/workspaces`` compute proxy."""

from ...hosts import AML_API, ARM
from ...router import Service
from . import responses as r
from .exceptions import ArmErrors

SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourceGroups/(?P<rg>[^/]+)"
WS = RG + r"/providers/Microsoft\.MachineLearningServices/workspaces/(?P<ws>[^/]+)"
NAME = r"/(?P<name>[^/]+)"

SERVICE = Service(
    name="arm",
    errors=ArmErrors(),
    claims={ARM: "/", AML_API: "/rp/"},
    ignore_case=True,
    routes=[
        (ARM, "GET", r"/metadata/endpoints", r.metadata_endpoints),
        (ARM, "GET", r"/subscriptions", r.list_subscriptions),
        (ARM, "GET", r"/tenants", r.list_tenants),
        (ARM, "GET", SUB, r.get_subscription),
        (ARM, "GET", RG, r.get_resource_group),
        (ARM, "GET", SUB + r"/providers/Microsoft\.MachineLearningServices/workspaces",
         r.list_workspaces),
        (ARM, "GET", RG + r"/providers/Microsoft\.MachineLearningServices/workspaces",
         r.list_workspaces),
        (ARM, "GET", WS, r.get_workspace),
        (ARM, "GET", WS + r"/datastores", r.list_datastores),
        (ARM, "GET", WS + r"/datastores" + NAME, r.get_datastore),
        (ARM, "PUT", WS + r"/datastores" + NAME, r.put_datastore),
        (ARM, "DELETE", WS + r"/datastores" + NAME, r.delete_datastore),
        (ARM, "POST", WS + r"/datastores" + NAME + r"/listSecrets", r.list_datastore_secrets),
        (ARM, "GET", WS + r"/computes", r.list_computes),
        (ARM, "GET", WS + r"/computes" + NAME, r.get_compute),
        (AML_API, "GET", r"/rp/workspaces" + WS + r"/computes", r.list_computes),
        (AML_API, "GET", r"/rp/workspaces" + WS + r"/computes" + NAME, r.get_compute),
    ],
)
