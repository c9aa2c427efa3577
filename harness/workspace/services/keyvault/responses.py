"""Wire handlers of Key Vault's secrets API (``/secrets/{name}[/{version}]``, api-version 7.x)."""

from __future__ import annotations

from typing import Any

from ...http import MalformedBody, Request, Response
from . import exceptions
from .models import Secret, SecretStore


def _store(request: Request) -> SecretStore:
    """The vault's secrets, once the request passed Key Vault's own checks."""
    settings = request.ctx.settings
    if request.params["vault"].lower() != settings.key_vault.lower():
        raise exceptions.vault_not_found(request.params["vault"])
    if not (request.headers.get("Authorization") or "").lower().startswith(("bearer ", "pop ")):
        raise exceptions.challenge(settings.tenant_id)
    if not request.query.get("api-version"):
        raise exceptions.missing_api_version()
    return request.ctx.backend(SecretStore)


def bundle(request: Request, secret: Secret, *, with_value: bool = True) -> dict[str, Any]:
    """Key Vault's ``SecretBundle`` (``DeletedSecretBundle`` fields aside)."""
    document: dict[str, Any] = {
        "id": f"https://{request.host}/secrets/{secret.name}/{secret.version}",
        "attributes": {"enabled": True, "created": secret.created, "updated": secret.updated,
                       "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90},
        "tags": secret.tags}
    if with_value:
        document = {"value": secret.value, **document}
    if secret.content_type:
        document["contentType"] = secret.content_type
    return document


def set_secret(request: Request) -> Response:
    store = _store(request)
    body = request.json_object()
    value = body.get("value")
    if not isinstance(value, str):
        raise MalformedBody("a secret needs a string 'value'")
    secret = store.set(request.params["name"], value, body.get("contentType"),
                       body.get("tags") or {})
    return Response.json(bundle(request, secret))


def get_secret(request: Request) -> Response:
    secret = _store(request).get(request.params["name"], request.params.get("version"))
    return Response.json(bundle(request, secret))


def delete_secret(request: Request) -> Response:
    secret = _store(request).delete(request.params["name"])
    return Response.json({**bundle(request, secret, with_value=False),
                          "recoveryId": f"https://{request.host}/deletedsecrets/{secret.name}"})
