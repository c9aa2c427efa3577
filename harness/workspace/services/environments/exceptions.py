"""Environment service errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "not_found"]


def not_found(name: str, version: str | None) -> V1Error:
    which = f"{name} version {version}" if version else name
    return V1Error(404, "NotFound", f"Environment {which} was not found in the workspace.")
