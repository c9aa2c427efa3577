"""Artifacts as the v1 wire shows them: ArtifactDto and content information with SAS URLs.

The artifacts themselves are kept by :class:`~.models.ArtifactStore`; SAS URLs point at
the workspace storage account, which the blob service serves.
"""

from __future__ import annotations

from typing import Any

from ...context import WorkspaceContext
from ..blob.sas import blob_sas_url
from .models import Artifact, ArtifactStore


class ArtifactViews:
    """Renders artifacts for the wire; write SAS for registration, read SAS otherwise."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.backend(ArtifactStore)

    def dto(self, artifact: Artifact) -> dict[str, Any]:
        return {"artifactId": artifact.artifact_id, "origin": artifact.origin,
                "container": artifact.container, "path": artifact.path, "etag": None,
                "createdTime": artifact.created,
                "dataPath": {"dataStoreName": "workspaceartifactstore",
                             "relativePath": artifact.blob_path, "sqlDataPath": None}}

    def content_info(self, artifact: Artifact, permission: str = "r") -> dict[str, Any]:
        url = blob_sas_url(self.context.settings, artifact.storage_container, artifact.blob_path,
                           permission=permission, account=artifact.account)
        return {"contentUri": url, "origin": artifact.origin, "container": artifact.container,
                "path": artifact.path}

    def register_batch(self, origin: str, container: str, paths: list[str]) -> dict[str, Any]:
        """Register paths and hand out write SAS URLs (BatchArtifactContentInformationDto)."""
        artifacts: dict[str, Any] = {}
        infos: dict[str, Any] = {}
        for path in paths:
            artifact = self.store.register_in(origin, container, path)
            artifacts[artifact.path] = self.dto(artifact)
            infos[artifact.path] = self.content_info(artifact, permission="rcw")
        return {"artifacts": artifacts, "artifactContentInformation": infos, "errors": {}}

    def listing(self, origin: str, container: str, prefix: str = "") -> list[Artifact]:
        """Artifacts under a folder prefix (``outputs`` matches ``outputs/x``, not ``outputsx``)."""
        found = self.store.list_in(origin, container, prefix)
        if prefix and not prefix.endswith("/"):
            found = [a for a in found if a.path == prefix or a.path.startswith(prefix + "/")]
        return found
