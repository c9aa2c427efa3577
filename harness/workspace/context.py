"""What every service backend shares: the folder, its settings, its state, its backends.

One :class:`WorkspaceContext` exists per running server. Backends (the ``models.py``
classes) are created lazily, one per class, and receive the context, so a backend can use
another one (the ARM backend asks the blob backend to create the datastore containers).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TypeVar

from .settings import Settings, load_or_create
from .state import BlobFiles, StateStore
from .tls import CA_CERT_FILE

B = TypeVar("B")


class WorkspaceContext:
    """Settings, document store, blob files and lazily built service backends."""

    def __init__(self, directory: Path, settings: Settings | None = None) -> None:
        self.directory = directory
        self.settings = settings or load_or_create(directory)
        self.store = StateStore(directory)
        self.blob_files = BlobFiles(directory)
        self._backends: dict[type, object] = {}
        self.port: int | None = None
        """The server's listening port once bound: jobs get it as their proxy."""
        self._lock = threading.RLock()

    @property
    def ca_bundle(self) -> Path:
        """The CA certificate that clients, jobs and scoring servers trust."""
        return self.directory / CA_CERT_FILE

    def backend(self, cls: type[B]) -> B:
        """The single instance of backend ``cls`` for this workspace (``cls(context)``)."""
        with self._lock:
            instance = self._backends.get(cls)
            if instance is None:
                instance = cls(self)  # type: ignore[call-arg]
                self._backends[cls] = instance
            return instance  # type: ignore[return-value]
