"""Model management errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "not_found"]


def not_found(kind: str, key: str) -> V1Error:
    return V1Error(404, "NotFound", f"{kind} {key} was not found in the workspace.")
