"""ARM long-running operations of online endpoints: status and result documents.

Azure answers a PUT or DELETE with ``Azure-AsyncOperation`` (a status document the
client polls) and, for deletes, ``Location``. azure-core's poller asks the status once
right away and sleeps between later polls (``Retry-After``, else 5 to 30 s), so the
status route waits for the work to settle before answering: the first poll is usually
final and nobody sleeps.
"""

from __future__ import annotations

import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time

OPERATIONS = "onlineendpoints.operations"
PROVIDER = "Microsoft.MachineLearningServices"
TERMINAL = frozenset({"Succeeded", "Failed", "Canceled"})


class OperationStore:
    """Operation status documents, keyed by id, each naming what it waits for."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store
        self.settings = context.settings

    def create(self, waits_for: str | None, status: str = "InProgress") -> dict[str, Any]:
        """A new operation; ``waits_for`` is the scoring key whose launch settles it."""
        operation_id = str(uuid.uuid4())
        operation = {"name": operation_id, "status": status, "startTime": iso_time(),
                     "endTime": None if status not in TERMINAL else iso_time(),
                     "error": None, "waitsFor": waits_for}
        self.store.put(OPERATIONS, operation_id, operation)
        return operation

    def settle(self, operation_id: str, status: str, error: dict[str, Any] | None = None) -> None:
        operation = self.store.get(OPERATIONS, operation_id)
        if operation is not None:
            operation.update(status=status, error=error, endTime=iso_time())
            self.store.put(OPERATIONS, operation_id, operation)

    def get(self, operation_id: str) -> dict[str, Any] | None:
        found = self.store.get(OPERATIONS, operation_id)
        return None if found is None else dict(found)

    def path(self, operation_id: str, kind: str) -> str:
        s = self.settings
        return (f"/subscriptions/{s.subscription_id}/providers/{PROVIDER}/locations/{s.region}/"
                f"{kind}/{operation_id}")

    def headers(self, base_url: str, operation_id: str, api_version: str,
                location: bool = False) -> dict[str, str]:
        """The headers of an accepted request: where to poll its status (and result)."""
        query = f"?api-version={api_version}"
        status = self.path(operation_id, "mfeOperationsStatus")
        headers = {"Azure-AsyncOperation": f"{base_url}{status}{query}&type=async",
                   "x-ms-async-operation-timeout": "PT1H"}
        if location:
            headers["Location"] = (f"{base_url}{self.path(operation_id, 'mfeOperationResults')}"
                                   f"{query}&type=location")
        return headers

    def view(self, operation: dict[str, Any]) -> dict[str, Any]:
        document = {"id": self.path(operation["name"], "mfeOperationsStatus"),
                    "name": operation["name"], "status": operation["status"],
                    "startTime": operation["startTime"]}
        if operation["endTime"]:
            document["endTime"] = operation["endTime"]
        if operation["error"]:
            document["error"] = operation["error"]
        return document
