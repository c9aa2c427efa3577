"""The credential service answers errors in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "secret_not_found"]


def secret_not_found(name: str) -> V1Error:
    return V1Error(404, "NotFound", f"Secret '{name}' was not found in the workspace's key "
                   "vault.")
