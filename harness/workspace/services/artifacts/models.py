"""Artifacts of runs and models: the artifact service's backend, shared by every surface.

ArtifactStore (collection ``runhistory.artifacts``; bytes in the workspace storage
account, container ``azureml``, blob ``<origin>/<container>/<path>``, as on Azure)::

    artifacts = ctx.backend(ArtifactStore)
    artifacts.write("x_123", "outputs/model.pkl", b"...")   # store bytes + register
    artifacts.register("x_123", "outputs/a.txt")            # bytes uploaded via a SAS
    artifacts.list("x_123", prefix="outputs/")              # [Artifact]
    artifacts.get("x_123", "outputs/a.txt")                 # Artifact or None
    artifacts.read("x_123", "outputs/a.txt")                # bytes
    artifacts.local_path(artifact)                          # the file on disk

Run artifacts live under origin ``ExperimentRun`` and container ``dcid.<run id>``; the
``*_in`` variants take any origin/container (v1 ``LocalUpload`` model uploads).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...context import WorkspaceContext
from ...http import iso_time
from ..blob.models import BlobBackend
from ..runhistory.models import data_container_id
from . import exceptions

ARTIFACTS = "runhistory.artifacts"
RUN_ORIGIN = "ExperimentRun"
"""The artifact origin of run artifacts (``ExperimentRun/dcid.<run id>/<path>``)."""

_SEP = "\x1f"  # between key parts: paths contain "/"


@dataclass
class Artifact:
    """A registered artifact and where its bytes are in the workspace storage."""

    origin: str
    container: str
    path: str
    account: str
    storage_container: str
    blob_path: str
    created: str = field(default_factory=iso_time)
    content_type: str | None = None

    @property
    def artifact_id(self) -> str:
        return f"{self.origin}/{self.container}/{self.path}"


class ArtifactStore:
    """Artifacts by (origin, container, path); run artifacts are ExperimentRun/dcid.<run>."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self.blobs = context.backend(BlobBackend)

    @staticmethod
    def _key(origin: str, container: str, path: str) -> str:
        return f"{origin}{_SEP}{container}{_SEP}{path}"

    def register_in(self, origin: str, container: str, path: str, *,
                    storage_container: str | None = None, blob_path: str | None = None,
                    content_type: str | None = None) -> Artifact:
        """Record an artifact (idempotent); default blob ``<origin>/<container>/<path>``."""
        settings = self.context.settings
        artifact = Artifact(origin=origin, container=container, path=path.lstrip("/"),
                            account=settings.storage_account,
                            storage_container=storage_container or settings.artifact_container,
                            blob_path=blob_path or f"{origin}/{container}/{path.lstrip('/')}",
                            content_type=content_type)
        self.blobs.ensure_container(artifact.account, artifact.storage_container)
        existing = self.store.get(ARTIFACTS, self._key(origin, container, artifact.path))
        if existing is not None and existing["blob_path"] == artifact.blob_path:
            return Artifact(**existing)
        self.store.put(ARTIFACTS, self._key(origin, container, artifact.path), asdict(artifact))
        return artifact

    def register(self, run_id: str, path: str, *, storage_container: str | None = None,
                 blob_path: str | None = None, content_type: str | None = None) -> Artifact:
        return self.register_in(RUN_ORIGIN, data_container_id(run_id), path,
                                storage_container=storage_container, blob_path=blob_path,
                                content_type=content_type)

    def get_in(self, origin: str, container: str, path: str) -> Artifact | None:
        doc = self.store.get(ARTIFACTS, self._key(origin, container, path.lstrip("/")))
        return None if doc is None else Artifact(**doc)

    def get(self, run_id: str, path: str) -> Artifact | None:
        return self.get_in(RUN_ORIGIN, data_container_id(run_id), path)

    def list_in(self, origin: str, container: str, prefix: str = "") -> list[Artifact]:
        start = self._key(origin, container, prefix.lstrip("/"))
        return [Artifact(**doc) for _, doc in self.store.list(ARTIFACTS, start)]

    def list(self, run_id: str, prefix: str = "") -> list[Artifact]:
        return self.list_in(RUN_ORIGIN, data_container_id(run_id), prefix)

    def write_in(self, origin: str, container: str, path: str, data: bytes,
                 content_type: str | None = None) -> Artifact:
        artifact = self.register_in(origin, container, path, content_type=content_type)
        content = {"content_type": content_type} if content_type else {}
        self.blobs.put(artifact.account, artifact.storage_container, artifact.blob_path, data,
                       content, {})
        return artifact

    def write(self, run_id: str, path: str, data: bytes,
              content_type: str | None = None) -> Artifact:
        """Store ``data`` as a run artifact (overwriting) and register it."""
        return self.write_in(RUN_ORIGIN, data_container_id(run_id), path, data, content_type)

    def exists(self, artifact: Artifact) -> bool:
        return self.local_path(artifact).is_file()

    def local_path(self, artifact: Artifact) -> Path:
        return self.context.blob_files.path(artifact.account, artifact.storage_container,
                                            artifact.blob_path)

    def read(self, run_id: str, path: str) -> bytes:
        artifact = self.get(run_id, path)
        if artifact is None or not self.exists(artifact):
            raise exceptions.artifact_not_found(RUN_ORIGIN, data_container_id(run_id), path)
        return self.local_path(artifact).read_bytes()
