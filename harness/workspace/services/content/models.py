"""Code snapshots: a directory tree plus, per file, the blob holding its bytes.

v1 uploads only files that changed since its cached parent snapshot
(``azureml/_restclient/snapshots_client.py``), so a snapshot's file list is its tree's
files, each taken from this upload or else inherited from the parent snapshot.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...context import WorkspaceContext
from ...http import iso_time
from ..blob.models import BlobBackend
from ..blob.sas import blob_sas_url
from . import exceptions

SNAPSHOTS = "content.snapshots"
LATEST = "content.latest"
UPLOAD_CONTAINER = "snapshots"


def tree_files(node: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Relative paths of the files in a DirTreeNode (children keyed by name or listed)."""
    children = node.get("children") or {}
    items = children.values() if isinstance(children, dict) else children
    for child in items:
        name = child.get("name") or ""
        path = f"{prefix}{name}"
        if child.get("type") == "File":
            yield path
        else:
            yield from tree_files(child, path + "/")


def _blob_location(uri: str) -> dict[str, str]:
    parts = urlsplit(uri)
    account = parts.hostname.split(".", 1)[0] if parts.hostname else ""
    container, _, blob = unquote(parts.path).lstrip("/").partition("/")
    return {"account": account, "container": container, "blob": blob}


class SnapshotStore:
    """Snapshots by id, the workspace's latest one, and their files on disk."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self.blobs = context.backend(BlobBackend)
        self._lock = threading.Lock()

    def upload_urls(self, names: list[str]) -> list[dict[str, str]]:
        """Where to upload each file (write SAS URLs in a fresh folder)."""
        settings = self.context.settings
        self.blobs.ensure_container(settings.storage_account, UPLOAD_CONTAINER)
        folder = uuid.uuid4().hex[:12]
        return [{"fullName": name,
                 "blobUri": blob_sas_url(settings, UPLOAD_CONTAINER, f"{folder}/{name}",
                                         permission="rcw")}
                for name in names]

    def create(self, snapshot_id: str, body: dict[str, Any]) -> dict[str, Any]:
        root = body.get("DirTreeNode") or body.get("dirTreeNode") or {}
        parent_id = body.get("ParentSnapshotId") or body.get("parentSnapshotId")
        parent = self.store.get(SNAPSHOTS, parent_id) if parent_id else None
        inherited: dict[str, Any] = (parent or {}).get("files") or {}
        revisions = (body.get("FileRevisionList") or {}).get("FileNodes") or []
        uploaded = {str(n.get("FullName")): _blob_location(str(n.get("BlobUri")))
                    for n in revisions if n.get("FullName") and n.get("BlobUri")}
        files: dict[str, Any] = {}
        for path in tree_files(root):
            location = uploaded.get(path) or inherited.get(path)
            if location is None:
                raise exceptions.snapshot_file_missing(snapshot_id, path)
            files[path] = location
        snapshot = {"id": snapshot_id, "root": root, "parentSnapshotId": parent_id,
                    "tags": body.get("Tags") or {}, "properties": body.get("Properties") or {},
                    "createdTime": iso_time(), "files": files}
        with self._lock:
            self.store.put(SNAPSHOTS, snapshot_id, snapshot)
            self.store.put(LATEST, "latest", snapshot_id)
        return snapshot

    def get(self, snapshot_id: str) -> dict[str, Any]:
        found = self.store.get(SNAPSHOTS, snapshot_id)
        if found is None:
            raise exceptions.snapshot_not_found(snapshot_id)
        return dict(found)

    def latest(self) -> dict[str, Any] | None:
        latest_id = self.store.get(LATEST, "latest")
        return None if latest_id is None else self.store.get(SNAPSHOTS, latest_id)

    def files(self, snapshot_id: str) -> list[tuple[str, Path]]:
        """(relative path, file on disk) for every file of the snapshot."""
        snapshot = self.get(snapshot_id)
        return [(path, self.context.blob_files.path(loc["account"], loc["container"],
                                                    loc["blob"]))
                for path, loc in sorted(snapshot["files"].items())]

    def read_files(self, snapshot_id: str) -> Iterator[tuple[str, bytes]]:
        """The snapshot as (path, bytes) pairs, the executor's ``code`` input."""
        for path, location in self.files(snapshot_id):
            yield path, location.read_bytes()
