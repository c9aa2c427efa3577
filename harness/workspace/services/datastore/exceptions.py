"""The v1 datastore service answers errors in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "datastore_not_found"]


def datastore_not_found(name: str) -> V1Error:
    return V1Error(404, "NotFound", f"Datastore '{name}' was not found in the workspace.")
