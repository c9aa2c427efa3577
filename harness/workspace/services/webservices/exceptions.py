"""Web service errors, in the v1 model management shape."""

from __future__ import annotations

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "bad_request", "conflict", "not_found", "unauthorized"]


def not_found(kind: str, key: str) -> V1Error:
    return V1Error(404, "NotFound", f"{kind} {key} was not found in the workspace.")


def bad_request(message: str) -> V1Error:
    return V1Error(400, "BadRequest", message)


def conflict(message: str) -> V1Error:
    return V1Error(409, "Conflict", message)


def unauthorized(message: str) -> V1Error:
    return V1Error(401, "Unauthorized", message)
