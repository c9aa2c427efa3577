"""The workspace's Key Vault secrets: versions of values, kept in the state store.

No HTTP here; both the Key Vault REST API and the v1 credential service write through
:class:`SecretStore`. Values live only in the state database, as in a real vault:
nothing logs them (the call log keeps no bodies; cassettes scrub them, see
``harness.cassettes.scrub``).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from ...context import WorkspaceContext
from . import exceptions

SECRETS = "keyvault.secrets"


@dataclass(frozen=True)
class Secret:
    """One version of a secret."""

    name: str
    version: str
    value: str
    content_type: str | None
    tags: dict[str, str]
    created: int
    updated: int


class SecretStore:
    """Secrets by name; setting one adds a version and makes it the current one."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store

    def set(self, name: str, value: str, content_type: str | None = None,
            tags: dict[str, str] | None = None) -> Secret:
        now = int(time.time())
        record: dict[str, Any] = self.store.get(SECRETS, name.lower()) or {"versions": {}}
        version = uuid.uuid4().hex
        first = min((v["created"] for v in record["versions"].values()), default=now)
        record["versions"][version] = {"name": name, "value": value,
                                       "contentType": content_type, "tags": tags or {},
                                       "created": first, "updated": now}
        record["current"] = version
        self.store.put(SECRETS, name.lower(), record)
        return self._secret(record, version)

    def get(self, name: str, version: str | None = None) -> Secret:
        record = self.store.get(SECRETS, name.lower())
        if record is None or (version and version not in record["versions"]):
            raise exceptions.secret_not_found(name)
        return self._secret(record, version or record["current"])

    def find(self, name: str) -> Secret | None:
        record = self.store.get(SECRETS, name.lower())
        return None if record is None else self._secret(record, record["current"])

    def delete(self, name: str) -> Secret:
        secret = self.get(name)
        self.store.delete(SECRETS, name.lower())
        return secret

    def names(self) -> list[str]:
        return [record["versions"][record["current"]]["name"]
                for _, record in self.store.list(SECRETS)]

    @staticmethod
    def _secret(record: dict[str, Any], version: str) -> Secret:
        v = record["versions"][version]
        return Secret(v["name"], version, v["value"], v["contentType"], dict(v["tags"]),
                      v["created"], v["updated"])
