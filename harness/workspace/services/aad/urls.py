"""Routes of the token service on login.microsoftonline.com (and its aliases)."""

from ...hosts import AAD
from ...router import Service
from . import responses
from .exceptions import AadErrors

T = r"/(?P<tenant>[^/]+)"
V2 = r"(?P<v2>/v2\.0)?"

SERVICE = Service(
    name="aad",
    errors=AadErrors(),
    claims={AAD: "/"},
    routes=[
        (AAD, "GET", r"/common/discovery/instance", responses.instance_discovery),
        (AAD, "GET", T + V2 + r"/\.well-known/openid-configuration",
         responses.openid_configuration),
        (AAD, "POST", T + r"/oauth2" + V2 + r"/token", responses.token),
        (AAD, "POST", T + r"/oauth2" + V2 + r"/devicecode", responses.device_code),
    ],
)
