"""Execution service errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "bad_definition", "unknown_compute"]


def unknown_compute(name: str, workspace: str, known: list[str]) -> V1Error:
    return V1Error(400, "UserError",
                   f"Compute target '{name}' does not exist in workspace '{workspace}'. "
                   f"Existing compute targets: {', '.join(known) or 'none'}. Create the "
                   "compute target or submit to one of these.")


def bad_definition(message: str) -> V1Error:
    return V1Error(400, "UserError", f"The run definition is invalid: {message}")
