"""Pipelines service errors, in the v1 data-plane shape the pipeline SDK parses."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "bad_graph", "not_found"]


def not_found(kind: str, key: str) -> V1Error:
    return V1Error(404, "NotFound", f"{kind} '{key}' was not found in this workspace.")


def bad_graph(message: str) -> V1Error:
    return V1Error(400, "UserError", f"The pipeline graph is invalid: {message}")
