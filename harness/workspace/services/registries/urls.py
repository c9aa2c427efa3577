"""Routes of registry discovery (<region>.api.azureml.ms) and the registry MFE host."""

from ...hosts import AML_API, REGISTRY_MFE
from ...router import Service
from . import responses as r
from .exceptions import MlErrors

REGISTRY = (r"/mferp/managementfrontend/subscriptions/[^/]+/resourceGroups/[^/]+"
            r"/providers/Microsoft\.MachineLearningServices/registries/(?P<registry>[^/]+)")
KIND = r"/(?P<kind>models|environments|components|data|codes)"
NAME = r"/(?P<name>[^/]+)"

SERVICE = Service(
    name="registries",
    errors=MlErrors(),
    claims={AML_API: "/registrymanagement/", REGISTRY_MFE: "/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", r"/registrymanagement/v1\.0/registries/(?P<registry>[^/]+)/discovery",
         r.discovery),
        (REGISTRY_MFE, "GET", REGISTRY + KIND, r.list_assets),
        (REGISTRY_MFE, "GET", REGISTRY + KIND + NAME + r"/versions", r.list_assets),
        (REGISTRY_MFE, "GET", REGISTRY + KIND + NAME, r.get_asset),
        (REGISTRY_MFE, "GET", REGISTRY + KIND + NAME + r"/versions/(?P<version>[^/]+)",
         r.get_asset),
    ],
)
