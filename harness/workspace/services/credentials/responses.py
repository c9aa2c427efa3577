"""Wire handlers of the v1 credential service; the vault's values stay out of errors."""

from __future__ import annotations

from typing import Any

from ...http import MalformedBody, Request, Response, iso_time
from .._paging import page
from ..arm.models import ArmBackend
from ..keyvault.models import Secret, SecretStore
from . import exceptions

NOT_PROVIDED = "application/NotProvided"


def _store(request: Request) -> SecretStore:
    p = request.params
    request.ctx.backend(ArmBackend).check_workspace(p["sub"], p["rg"], p["ws"])
    return request.ctx.backend(SecretStore)


def credential(secret: Secret, *, with_value: bool) -> dict[str, Any]:
    """``CredentialDto``; the value only where the caller asked for it."""
    document: dict[str, Any] = {"name": secret.name, "createdTime": iso_time(secret.created),
                                "modifiedTime": iso_time(secret.updated),
                                "contentType": secret.content_type or NOT_PROVIDED}
    if with_value:
        document["value"] = secret.value
    return document


def _set(store: SecretStore, item: Any) -> Secret:
    if not isinstance(item, dict) or not item.get("name") or not isinstance(item.get("value"),
                                                                          str):
        raise MalformedBody("a secret needs a 'name' and a string 'value'")
    return store.set(str(item["name"]), item["value"], item.get("contentType"))


def create(request: Request) -> Response:
    secret = _set(_store(request), request.json_object())
    return Response.json(credential(secret, with_value=False))


def create_batch(request: Request) -> Response:
    store = _store(request)
    made = [_set(store, item) for item in request.json_object().get("secrets") or []]
    return Response.json({"secrets": [credential(s, with_value=False) for s in made],
                          "notFoundSecrets": []})


def get(request: Request) -> Response:
    found = _store(request).find(request.params["name"])
    if found is None:
        raise exceptions.secret_not_found(request.params["name"])
    return Response.json(credential(found, with_value=True))


def get_batch(request: Request) -> Response:
    store = _store(request)
    names = [str(item.get("name")) for item in request.json_object().get("secrets") or []
             if isinstance(item, dict)]
    found = {name: store.find(name) for name in names}
    return Response.json({
        "secrets": [credential(s, with_value=True) for s in found.values() if s is not None],
        "notFoundSecrets": [name for name, s in found.items() if s is None]})


def list_names(request: Request) -> Response:
    return Response.json(page([{"name": name} for name in _store(request).names()]))


def delete(request: Request) -> Response:
    store = _store(request)
    if store.find(request.params["name"]) is None:
        raise exceptions.secret_not_found(request.params["name"])
    store.delete(request.params["name"])
    return Response.empty(200)


def delete_batch(request: Request) -> Response:
    store = _store(request)
    for item in request.json_object().get("secrets") or []:
        if isinstance(item, dict) and store.find(str(item.get("name"))) is not None:
            store.delete(str(item["name"]))
    return Response.empty(200)
