"""Metric service errors, in the v1 data-plane shape."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "metric_not_found"]


def metric_not_found(run_id: str, name: str) -> V1Error:
    return V1Error(404, "UserError", f"Metric {name} was not found for run {run_id}.")
