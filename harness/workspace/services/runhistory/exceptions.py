"""Run history errors, in the v1 data-plane shape (the SDK needs ``details: []``)."""

from .._shapes import V1Error, V1Errors

__all__ = ["V1Error", "V1Errors", "experiment_not_found", "run_exists", "run_not_found"]


def run_not_found(run_id: str) -> V1Error:
    return V1Error(404, "UserError", f"Run {run_id} was not found")


def run_exists(run_id: str) -> V1Error:
    return V1Error(409, "UserError", f"Run {run_id} already exists in the workspace.")


def experiment_not_found(name: str) -> V1Error:
    return V1Error(404, "UserError", f"Experiment {name} was not found.")
