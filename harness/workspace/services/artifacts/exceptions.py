"""Artifact service errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "artifact_not_found"]


def artifact_not_found(origin: str, container: str, path: str) -> V1Error:
    return V1Error(404, "UserError",
                   f"Artifact {path} in container {container} (origin {origin}) was not found.")
