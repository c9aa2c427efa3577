"""Persistence for the local workspace: a JSON document store and a blob file area.

Everything a service remembers lives here, in the workspace folder, so a restarted server
loses nothing. Documents go to SQLite (``state.db``, WAL mode, one connection per thread)
as ``(collection, key) -> JSON``; blob bytes go to plain files under
``blobs/<account>/<container>/<path>`` so a person can look at them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

DB_FILE = "state.db"
BLOB_DIR = "blobs"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (collection, key)
)
"""


class StateStore:
    """A generic document store; services choose collection names and keys."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / DB_FILE
        self._local = threading.local()
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def get(self, collection: str, key: str) -> Any:
        """The stored document, or None when the key is absent."""
        row = self._connection().execute(
            "SELECT body FROM documents WHERE collection=? AND key=?", (collection, key)
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, collection: str, key: str, document: Any) -> None:
        self._connection().execute(
            "INSERT INTO documents (collection, key, body, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (collection, key) DO UPDATE SET body=excluded.body, "
            "updated=excluded.updated",
            (collection, key, json.dumps(document), time.time()),
        )

    def insert(self, collection: str, key: str, document: Any) -> bool:
        """Store ``document`` only if the key is new; True when it was stored."""
        cursor = self._connection().execute(
            "INSERT OR IGNORE INTO documents (collection, key, body, updated) "
            "VALUES (?, ?, ?, ?)",
            (collection, key, json.dumps(document), time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, collection: str, key: str) -> bool:
        cursor = self._connection().execute(
            "DELETE FROM documents WHERE collection=? AND key=?", (collection, key)
        )
        return cursor.rowcount > 0

    def list(self, collection: str, prefix: str = "") -> list[tuple[str, Any]]:
        """All ``(key, document)`` pairs whose key starts with ``prefix``, sorted by key."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._connection().execute(
            "SELECT key, body FROM documents WHERE collection=? AND key LIKE ? ESCAPE '\\' "
            "ORDER BY key",
            (collection, escaped + "%"),
        )
        # LIKE is case-insensitive for ASCII; keep only exact-case prefix matches.
        return [(key, json.loads(body)) for key, body in rows if key.startswith(prefix)]


class UnsafePath(ValueError):
    """A blob name that cannot be stored as a file below the blob area."""


class BlobFiles:
    """Blob bytes as files: ``blobs/<account>/<container>/<name>``."""

    def __init__(self, directory: Path) -> None:
        self.root = directory / BLOB_DIR
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, account: str, container: str, name: str) -> Path:
        """The file for a blob; refuses names that would escape the blob area."""
        parts = PurePosixPath(name).parts
        if not name or name.startswith("/") or any(p in ("..", ".") for p in parts):
            raise UnsafePath(f"blob name {name!r} cannot be stored as a local file")
        for part in (account, container):
            if not part or "/" in part or part in ("..", "."):
                raise UnsafePath(f"{part!r} is not a valid account or container name")
        return self.root.joinpath(account, container, *parts)

    def write(self, target: Path, chunks: Iterator[bytes] | bytes) -> int:
        """Replace ``target`` atomically with the given bytes; returns the size written."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
        size = 0
        with open(tmp, "wb") as handle:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                handle.write(chunk)
                size += len(chunk)
        os.replace(tmp, target)
        return size
