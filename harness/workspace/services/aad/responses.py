"""Wire handlers for the token service; every URL answered is built from the Host header."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from ...http import Request, Response
from . import exceptions
from .models import AadBackend

ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
           "sts.windows.net"]
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _backend(request: Request) -> AadBackend:
    return request.ctx.backend(AadBackend)


def instance_discovery(request: Request) -> Response:
    """``/common/discovery/instance``: where the tenant's OpenID configuration lives."""
    authorize = request.query.get("authorization_endpoint", "")
    segments = [p for p in urlsplit(authorize).path.split("/") if p]
    tenant = segments[0] if segments else "common"
    aliases = ALIASES if request.authority in ALIASES else [request.authority, *ALIASES]
    return Response.json({
        "tenant_discovery_endpoint":
            f"{request.base_url}/{tenant}/v2.0/.well-known/openid-configuration",
        "api-version": "1.1",
        "metadata": [{"preferred_network": request.authority,
                      "preferred_cache": request.authority, "aliases": aliases}],
    })


def openid_configuration(request: Request) -> Response:
    """OpenID configuration for ``/{tenant}[/v2.0]/.well-known/openid-configuration``."""
    tenant = request.params["tenant"]
    tenant_id = _backend(request).resolve_tenant(tenant)
    base = f"{request.base_url}/{tenant}"
    v2 = bool(request.params.get("v2"))
    oauth = f"{base}/oauth2/v2.0" if v2 else f"{base}/oauth2"
    issuer = (f"{request.base_url}/{tenant_id}/v2.0" if v2
              else f"https://sts.windows.net/{tenant_id}/")
    return Response.json({
        "token_endpoint": f"{oauth}/token",
        "token_endpoint_auth_methods_supported":
            ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": f"{base}/discovery/{'v2.0/' if v2 else ''}keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": False,
        "authorization_endpoint": f"{oauth}/authorize",
        "device_authorization_endpoint": f"{oauth}/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{oauth}/logout",
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    })


def _scopes(form: dict[str, str]) -> list[str]:
    if form.get("scope"):
        return form["scope"].split()
    if form.get("resource"):
        return [form["resource"].rstrip("/") + "/.default"]
    return []


def token(request: Request) -> Response:
    """``/{tenant}/oauth2[/v2.0]/token`` for client-credentials, device-code and refresh."""
    backend = _backend(request)
    backend.resolve_tenant(request.params["tenant"])
    form = request.form()
    grant = form.get("grant_type", "")
    client_id = form.get("client_id", "")
    scopes = _scopes(form)
    body: dict[str, Any]
    if grant == "client_credentials":
        body = backend.app_token(client_id, form.get("client_secret", ""), scopes)
    elif grant == "refresh_token":
        body = backend.refresh(form.get("refresh_token", ""), client_id, scopes)
    elif grant in (DEVICE_GRANT, "device_code"):
        body = backend.redeem_device_code(form.get("device_code", form.get("code", "")),
                                          client_id)
    else:
        raise exceptions.unsupported_grant(grant)
    if not request.params.get("v2"):  # v1 endpoint: string numbers, expires_on, resource
        body = {**body, "expires_in": str(body["expires_in"]),
                "ext_expires_in": str(body["ext_expires_in"]),
                "expires_on": str(int(time.time()) + int(body["expires_in"])),
                "resource": form.get("resource", "")}
    return Response.json(body, headers={"Cache-Control": "no-store, no-cache",
                                        "Pragma": "no-cache"})


def device_code(request: Request) -> Response:
    """``/{tenant}/oauth2[/v2.0]/devicecode``: start a device flow (approved at once)."""
    backend = _backend(request)
    backend.resolve_tenant(request.params["tenant"])
    form = request.form()
    return Response.json(backend.start_device_flow(form.get("client_id", ""), _scopes(form)))
