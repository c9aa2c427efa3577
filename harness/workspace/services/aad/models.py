"""The token service's behaviour: who may get tokens, and the tokens themselves.

Tokens are JWTs with the claims the SDKs read (``exp``, ``tid``, ``oid``, ``aud``,
``appid`` ...) and a placeholder signature: nothing on this machine verifies signatures,
and a real-looking ``RS256`` header keeps every JWT parser happy. Refresh tokens and
device codes are opaque strings that carry what is needed to answer them later, so a
restarted server still honours them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import uuid
from typing import Any

from ...context import WorkspaceContext
from . import exceptions

TOKEN_LIFETIME_S = 3599
OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
REFRESH_PREFIX = "parity-rt."
DEVICE_PREFIX = "parity-dc."


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_jwt(claims: dict[str, Any]) -> str:
    """A JWT whose third part is a digest, not a signature."""
    header = b64url(json.dumps({"typ": "JWT", "alg": "RS256", "kid": "aml-parity-local"}).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    placeholder = b64url(hashlib.sha256(f"{header}.{payload}".encode()).digest())
    return f"{header}.{payload}.{placeholder}"


def audience(scopes: list[str]) -> str:
    """The resource a scope list asks for: ``https://x//.default`` -> ``https://x/``."""
    for scope in scopes:
        if scope and scope not in OIDC_SCOPES:
            for suffix in ("/.default", "/user_impersonation"):
                if scope.endswith(suffix):
                    return scope[: -len(suffix)]
            return scope
    return "https://management.azure.com"


class AadBackend:
    """Checks credentials against the workspace settings and mints tokens."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.settings = context.settings

    def resolve_tenant(self, tenant: str) -> str:
        """The tenant id for a path tenant (id, domain, common, organizations)."""
        s = self.settings
        if tenant.lower() in ("common", "organizations", s.tenant_id, s.tenant_domain):
            return s.tenant_id
        raise exceptions.unknown_tenant(tenant)

    def _claims(self, aud: str, lifetime: int = TOKEN_LIFETIME_S) -> dict[str, Any]:
        now = int(time.time())
        return {"aud": aud, "iss": f"https://sts.windows.net/{self.settings.tenant_id}/",
                "iat": now, "nbf": now, "exp": now + lifetime, "tid": self.settings.tenant_id,
                "uti": uuid.uuid4().hex[:22], "ver": "1.0"}

    def app_token(self, client_id: str, client_secret: str, scopes: list[str]) -> dict[str, Any]:
        """Client-credentials grant for the workspace's service principal."""
        s = self.settings
        if client_id != s.client_id:
            raise exceptions.unknown_application(client_id, s.tenant_id)
        if not secrets.compare_digest(client_secret.encode(), s.client_secret.encode()):
            raise exceptions.invalid_client_secret(client_id)
        claims = {**self._claims(audience(scopes)), "appid": client_id, "appidacr": "1",
                  "idtyp": "app", "oid": s.client_object_id, "sub": s.client_object_id}
        return {"token_type": "Bearer", "expires_in": TOKEN_LIFETIME_S,
                "ext_expires_in": TOKEN_LIFETIME_S, "access_token": make_jwt(claims)}

    def user_tokens(self, client_id: str, scopes: list[str]) -> dict[str, Any]:
        """Tokens for the workspace's one user, as a device-code or refresh grant returns."""
        s = self.settings
        aud = audience(scopes)
        claims = {**self._claims(aud), "appid": client_id, "appidacr": "0", "idtyp": "user",
                  "oid": s.user_object_id, "sub": s.user_object_id, "upn": s.user_name,
                  "unique_name": s.user_name, "name": "aml-parity user",
                  "scp": "user_impersonation"}
        now = int(time.time())
        id_claims = {"aud": client_id, "iss": f"https://login.microsoftonline.com/{s.tenant_id}/v2.0",
                     "iat": now, "nbf": now, "exp": now + TOKEN_LIFETIME_S,
                     "name": "aml-parity user", "oid": s.user_object_id,
                     "preferred_username": s.user_name, "sub": s.user_object_id,
                     "tid": s.tenant_id, "ver": "2.0"}
        refresh = REFRESH_PREFIX + b64url(json.dumps({"client_id": client_id}).encode())
        granted = [x for x in scopes if x not in OIDC_SCOPES] or [f"{aud}/.default"]
        return {
            "token_type": "Bearer",
            "scope": " ".join(granted),
            "expires_in": TOKEN_LIFETIME_S,
            "ext_expires_in": TOKEN_LIFETIME_S,
            "access_token": make_jwt(claims),
            "refresh_token": refresh,
            "id_token": make_jwt(id_claims),
            "client_info": b64url(json.dumps({"uid": s.user_object_id,
                                              "utid": s.tenant_id}).encode()),
        }

    def refresh(self, refresh_token: str, client_id: str, scopes: list[str]) -> dict[str, Any]:
        if not refresh_token.startswith(REFRESH_PREFIX):
            raise exceptions.invalid_grant("The provided refresh token is malformed or invalid.")
        return self.user_tokens(client_id, scopes)

    def start_device_flow(self, client_id: str, scopes: list[str]) -> dict[str, Any]:
        """A device code that is approved the moment it is issued (nobody to ask)."""
        user_code = secrets.token_hex(4).upper()
        device_code = DEVICE_PREFIX + b64url(json.dumps({"client_id": client_id,
                                                         "scopes": scopes}).encode())
        uri = "https://microsoft.com/devicelogin"
        return {"user_code": user_code, "device_code": device_code, "verification_uri": uri,
                "expires_in": 900, "interval": 5,
                "message": f"To sign in, use a web browser to open the page {uri} and enter the "
                f"code {user_code} to authenticate. (aml-parity local workspace: already "
                "approved, nothing to do.)"}

    def redeem_device_code(self, device_code: str, client_id: str) -> dict[str, Any]:
        if not device_code.startswith(DEVICE_PREFIX):
            raise exceptions.invalid_grant("The provided device code is malformed or invalid.")
        try:
            flow = json.loads(b64url_decode(device_code[len(DEVICE_PREFIX):]))
        except ValueError as exc:
            raise exceptions.invalid_grant("The provided device code is malformed.") from exc
        return self.user_tokens(client_id or flow.get("client_id", ""), flow.get("scopes", []))
