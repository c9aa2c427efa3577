"""Routes of v1 web services: model management ``/services`` and ``/operations``, ACI scoring."""

from __future__ import annotations

from ...hosts import AML_API, SCORING_ACI
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors
from .models import start_webservices

BASE = r"/modelmanagement/v1\.0" + WS
SERVICES = BASE + r"/services"
NAME = r"/(?P<name>[^/]+)"
ANY = r"/.*"

SERVICE = Service(
    name="webservices",
    errors=V1Errors(),
    claims={},
    ignore_case=True,
    startup=start_webservices,
    routes=[
        (AML_API, "POST", SERVICES + r"/validate/name" + NAME, r.validate_name),
        (AML_API, "POST", SERVICES + r"/validate/resource", r.validate),
        (AML_API, "POST", SERVICES + r"/validate", r.validate),
        (AML_API, "POST", SERVICES, r.create_service),
        (AML_API, "GET", SERVICES, r.list_services),
        (AML_API, "GET", SERVICES + NAME, r.get_service),
        (AML_API, "DELETE", SERVICES + NAME, r.delete_service),
        (AML_API, "GET", SERVICES + NAME + r"/logs", r.service_logs),
        (AML_API, "POST", SERVICES + NAME + r"/listkeys", r.list_keys),
        (AML_API, "POST", SERVICES + NAME + r"/regenerateKeys", r.regenerate_keys),
        (AML_API, "GET", BASE + r"/operations/(?P<id>[^/]+)", r.get_operation),
        (SCORING_ACI, "POST", ANY, r.score),
        (SCORING_ACI, "GET", ANY, r.score),
    ],
)
