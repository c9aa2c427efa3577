"""The workspace's datastores as the v1 wire shows them; the ARM backend owns the datastores."""

from __future__ import annotations

from typing import Any

from ...context import WorkspaceContext
from ..arm.exceptions import ArmError
from ..arm.models import ArmBackend
from . import exceptions


class DatastoreViews:
    """Renders ARM datastores in the v1 ``DataStore`` model, with credentials inline."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.arm = context.backend(ArmBackend)

    def _v1(self, document: dict[str, Any]) -> dict[str, Any]:
        props = document["properties"]
        name = document["name"]
        secrets = self.arm.datastore_secrets(name)
        key = secrets.get("key")
        return {
            "name": name,
            "dataStoreType": props.get("datastoreType", "AzureBlob"),
            "hasBeenValidated": True,
            "tags": props.get("tags") or {},
            "azureStorageSection": {
                "accountName": props.get("accountName"),
                "containerName": props.get("containerName"),
                "endpoint": props.get("endpoint", "core.windows.net"),
                "protocol": props.get("protocol", "https"),
                "credentialType": "AccountKey" if key else "None",
                "credential": key,
                "accountKey": key,
                "isSas": False,
                "sasToken": None,
                "blobCacheTimeout": 0,
                "areWorkspaceManagedIdentitiesAllowed": False,
            },
        }

    def default(self) -> dict[str, Any]:
        store = next(d for d in self.arm.datastores() if d["properties"].get("isDefault"))
        return self._v1(store)

    def get(self, name: str) -> dict[str, Any]:
        try:
            return self._v1(self.arm.datastore(name))
        except ArmError as exc:
            raise exceptions.datastore_not_found(name) from exc

    def all(self) -> list[dict[str, Any]]:
        return [self._v1(d) for d in self.arm.datastores()]
