"""The blob backend: containers and blobs, bytes in files, properties in the store.

Names map to files as ``blobs/<account>/<container>/<name>``; properties (type, MD5,
ETag, metadata, content settings) are documents in the ``blob.*`` collections, and
listing reads those documents, not the file tree. Uncommitted blocks wait in
``blob-blocks/`` until a Put Block List commits them. A name that is both a blob and a
"folder" of other blobs (``a`` and ``a/b``) cannot be stored as files: such a write is
refused with 409 instead of corrupting the other blob.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...state import UnsafePath
from . import exceptions
from .exceptions import BlobError

CONTAINERS = "blob.containers"
BLOBS = "blob.blobs"
BLOCK_DIR = "blob-blocks"
CONTENT_FIELDS = ("content_type", "content_encoding", "content_language",
                  "content_disposition", "cache_control", "content_md5")


def make_etag() -> str:
    """An ETag shaped like Azure's (``0x8D...``), new on every write."""
    return f"0x8D{time.time_ns() // 100 % 16**13:013X}"


@dataclass
class BlobProps:
    """A blob's stored properties (everything but the bytes)."""

    size: int
    etag: str
    created: float
    modified: float
    blob_type: str = "BlockBlob"
    metadata: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/octet-stream"
    content_encoding: str = ""
    content_language: str = ""
    content_disposition: str = ""
    cache_control: str = ""
    content_md5: str = ""

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> BlobProps:
        return cls(**doc)


@dataclass
class ContainerProps:
    etag: str
    modified: float
    metadata: dict[str, str] = field(default_factory=dict)


class BlobBackend:
    """Blob operations on the workspace's local files (any account name is served)."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self.files = context.blob_files
        self.block_root = context.directory / BLOCK_DIR
        self._lock = threading.RLock()

    @staticmethod
    def _ckey(account: str, container: str) -> str:
        return f"{account}/{container}"

    @staticmethod
    def _bkey(account: str, container: str, name: str) -> str:
        return f"{account}/{container}/{name}"

    # containers -----------------------------------------------------------------------
    def create_container(self, account: str, container: str,
                         metadata: dict[str, str] | None = None) -> ContainerProps:
        now = time.time()
        props = ContainerProps(make_etag(), now, metadata or {})
        if not self.store.insert(CONTAINERS, self._ckey(account, container), props.__dict__):
            raise exceptions.container_exists()
        return props

    def ensure_container(self, account: str, container: str) -> None:
        """Create the container if missing; for services that hand out SAS URLs."""
        with contextlib.suppress(BlobError):
            self.create_container(account, container)

    def container(self, account: str, container: str) -> ContainerProps:
        doc = self.store.get(CONTAINERS, self._ckey(account, container))
        if doc is None:
            raise exceptions.container_not_found()
        return ContainerProps(**doc)

    def containers(self, account: str, prefix: str = "") -> list[tuple[str, ContainerProps]]:
        start = f"{account}/"
        return [(key[len(start):], ContainerProps(**doc))
                for key, doc in self.store.list(CONTAINERS, start + prefix)]

    def delete_container(self, account: str, container: str) -> None:
        with self._lock:
            self.container(account, container)
            for key, _ in self.store.list(BLOBS, self._bkey(account, container, "")):
                self.store.delete(BLOBS, key)
            self.store.delete(CONTAINERS, self._ckey(account, container))
            shutil.rmtree(self.files.root / account / container, ignore_errors=True)

    # blobs ----------------------------------------------------------------------------
    def _path(self, account: str, container: str, name: str) -> Path:
        try:
            return self.files.path(account, container, name)
        except UnsafePath as exc:
            raise BlobError(400, "InvalidResourceName", str(exc)) from exc

    def props(self, account: str, container: str, name: str) -> BlobProps:
        self.container(account, container)
        doc = self.store.get(BLOBS, self._bkey(account, container, name))
        if doc is None:
            raise exceptions.blob_not_found()
        return BlobProps.from_doc(doc)

    def read(self, account: str, container: str, name: str,
             start: int = 0, end: int | None = None) -> bytes:
        """Bytes ``start..end`` (inclusive) of a blob."""
        path = self._path(account, container, name)
        with open(path, "rb") as handle:
            handle.seek(start)
            return handle.read(-1 if end is None else end - start + 1)

    def check_conditions(self, current: BlobProps | None, if_match: str | None,
                         if_none_match: str | None) -> None:
        etag = None if current is None else current.etag
        if if_none_match == "*" and current is not None:
            raise exceptions.blob_exists()
        if if_none_match and if_none_match != "*" and etag == if_none_match.strip('"'):
            raise exceptions.condition_not_met()
        if if_match and (etag is None or (if_match != "*" and etag != if_match.strip('"'))):
            raise exceptions.condition_not_met()

    def _existing(self, account: str, container: str, name: str) -> BlobProps | None:
        doc = self.store.get(BLOBS, self._bkey(account, container, name))
        return None if doc is None else BlobProps.from_doc(doc)

    def put(self, account: str, container: str, name: str, data: bytes,
            content: dict[str, str], metadata: dict[str, str], *, blob_type: str = "BlockBlob",
            if_match: str | None = None, if_none_match: str | None = None,
            compute_md5: bool = True) -> BlobProps:
        """Create or replace a whole blob (Put Blob, and Put Block List once assembled)."""
        self.container(account, container)
        path = self._path(account, container, name)
        with self._lock:
            current = self._existing(account, container, name)
            self.check_conditions(current, if_match, if_none_match)
            try:
                self.files.write(path, data)
            except (IsADirectoryError, NotADirectoryError, FileExistsError) as exc:
                raise BlobError(409, "PathConflict", f"The local workspace stores blobs as files "
                                f"and cannot store both {name!r} and a blob below or above it."
                                ) from exc
            now = time.time()
            settings = {k: v for k, v in content.items() if k in CONTENT_FIELDS and v}
            if compute_md5 and "content_md5" not in settings:
                settings["content_md5"] = base64.b64encode(hashlib.md5(data).digest()).decode()
            props = BlobProps(size=len(data), etag=make_etag(),
                              created=current.created if current else now, modified=now,
                              blob_type=blob_type, metadata=metadata, **settings)
            self.store.put(BLOBS, self._bkey(account, container, name), props.__dict__)
            return props

    def append(self, account: str, container: str, name: str, data: bytes) -> BlobProps:
        """Append Block on an append blob."""
        with self._lock:
            props = self.props(account, container, name)
            if props.blob_type != "AppendBlob":
                raise BlobError(409, "InvalidBlobType",
                                "The blob type is invalid for this operation.")
            path = self._path(account, container, name)
            with open(path, "ab") as handle:
                handle.write(data)
            props.size += len(data)
            props.modified = time.time()
            props.etag = make_etag()
            props.content_md5 = ""
            self.store.put(BLOBS, self._bkey(account, container, name), props.__dict__)
            return props

    def update(self, account: str, container: str, name: str, *,
               metadata: dict[str, str] | None = None,
               content: dict[str, str] | None = None) -> BlobProps:
        """Set Blob Metadata / Set Blob Properties: replace the given part, new ETag."""
        with self._lock:
            props = self.props(account, container, name)
            if metadata is not None:
                props.metadata = metadata
            if content is not None:
                for key in CONTENT_FIELDS:
                    setattr(props, key, content.get(key, ""))
            props.modified = time.time()
            props.etag = make_etag()
            self.store.put(BLOBS, self._bkey(account, container, name), props.__dict__)
            return props

    def delete(self, account: str, container: str, name: str) -> None:
        with self._lock:
            self.props(account, container, name)
            self.store.delete(BLOBS, self._bkey(account, container, name))
            path = self._path(account, container, name)
            path.unlink(missing_ok=True)
            root = self.files.root / account / container
            for parent in path.parents:
                if parent == root or not parent.is_relative_to(root):
                    break
                try:
                    parent.rmdir()
                except OSError:
                    break

    def list_blobs(self, account: str, container: str, prefix: str = "", delimiter: str = "",
                   marker: str = "", max_results: int = 5000
             ) -> tuple[list[tuple[str, BlobProps]], list[str], str]:
        """Blobs and virtual-folder prefixes under ``prefix``, and the next marker."""
        self.container(account, container)
        base = self._bkey(account, container, "")
        entries: list[tuple[str, BlobProps | None]] = []
        seen_prefixes: set[str] = set()
        for key, doc in self.store.list(BLOBS, base + prefix):
            name = key[len(base):]
            if marker and name < marker:
                continue
            rest = name[len(prefix):]
            if delimiter and delimiter in rest:
                folder = prefix + rest[: rest.index(delimiter) + len(delimiter)]
                if folder not in seen_prefixes and not (marker and folder < marker):
                    seen_prefixes.add(folder)
                    entries.append((folder, None))
                continue
            entries.append((name, BlobProps.from_doc(doc)))
        page, rest_entries = entries[:max_results], entries[max_results:]
        next_marker = rest_entries[0][0] if rest_entries else ""
        blobs = [(n, p) for n, p in page if p is not None]
        prefixes = [n for n, p in page if p is None]
        return blobs, prefixes, next_marker

    # blocks -----------------------------------------------------------------------------
    def _block_dir(self, account: str, container: str, name: str) -> Path:
        digest = hashlib.sha256(self._bkey(account, container, name).encode()).hexdigest()
        return self.block_root / digest

    def put_block(self, account: str, container: str, name: str, block_id: str,
                  data: bytes) -> None:
        self.container(account, container)
        folder = self._block_dir(account, container, name)
        folder.mkdir(parents=True, exist_ok=True)
        self.files.write(folder / base64.urlsafe_b64encode(block_id.encode()).decode(), data)

    def commit_blocks(self, account: str, container: str, name: str, block_ids: list[str],
                      content: dict[str, str], metadata: dict[str, str], *,
                      if_match: str | None = None,
                      if_none_match: str | None = None) -> BlobProps:
        folder = self._block_dir(account, container, name)
        parts: list[bytes] = []
        for block_id in block_ids:
            block = folder / base64.urlsafe_b64encode(block_id.encode()).decode()
            if not block.exists():
                raise exceptions.invalid_block_list(f"Block {block_id!r} was not uploaded.")
            parts.append(block.read_bytes())
        props = self.put(account, container, name, b"".join(parts), content, metadata,
                         if_match=if_match, if_none_match=if_none_match, compute_md5=False)
        shutil.rmtree(folder, ignore_errors=True)
        return props


def create_workspace_containers(context: WorkspaceContext) -> None:
    """Startup hook: the containers behind the built-in datastores exist from the start."""
    backend = context.backend(BlobBackend)
    s = context.settings
    for container in (s.blobstore_container, s.artifact_container):
        backend.ensure_container(s.storage_account, container)
