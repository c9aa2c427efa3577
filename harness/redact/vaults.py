"""Secrets recognisable by the document that carries them: Key Vault and Azure ML credentials.

A secret stored in a vault has a name of the user's choosing (`db-conn`), so neither its
name nor its value's shape gives it away. The documents around it do: Key Vault's secret
bundle (an `id` under `https://<vault>.vault.azure.net/secrets/`) and the credential of the
v1 credential service (`name`, `value` and its timestamps); and requests to those APIs
(`SECRET_APIS`) carry nothing but secrets in their `value` fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

VAULT_SECRET_ID = re.compile(r"https://[^/\s]+\.vault\.azure\.net/(?:deleted)?secrets/",
                             re.IGNORECASE)
SECRET_APIS = re.compile(r"\.vault\.azure\.net(?::\d+)?/secrets/|/credential/v\d+\.\d+/.*/secrets",
                         re.IGNORECASE)
CREDENTIAL_STAMPS = ("createdTime", "modifiedTime")


def holds_secret_value(document: Mapping[str, Any]) -> bool:
    """True when `document["value"]` is a stored secret (a vault bundle or a credential)."""
    if not isinstance(document.get("value"), str):
        return False
    vault_id = document.get("id")
    if isinstance(vault_id, str) and VAULT_SECRET_ID.match(vault_id):
        return True
    return isinstance(document.get("name"), str) and any(k in document for k in CREDENTIAL_STAMPS)


def is_secret_api(url: str) -> bool:
    """A URL of Key Vault's secrets API or of the v1 credential service."""
    return SECRET_APIS.search(url) is not None


def secret_values(document: Any) -> Iterator[str]:
    """Every `value` string in a request body sent to a secret API."""
    if isinstance(document, Mapping):
        for key, item in document.items():
            if key == "value" and isinstance(item, str) and item:
                yield item
            else:
                yield from secret_values(item)
    elif isinstance(document, list):
        for item in document:
            yield from secret_values(item)
