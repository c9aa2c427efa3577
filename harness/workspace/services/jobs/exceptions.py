"""Job errors, in the ML resource provider's shape (shared with the asset service)."""

from __future__ import annotations

from ..assets.exceptions import MlError, MlErrors, bad_request, not_found

__all__ = ["MlError", "MlErrors", "bad_request", "compute_not_found", "job_not_found",
           "not_found", "unsupported_job_type", "unsupported_node_type"]


def job_not_found(name: str) -> MlError:
    return not_found("JobNotFound", f"Could not find job with name: {name}")


def compute_not_found(compute: str, workspace: str) -> MlError:
    """What the RP answers for a job naming a compute the workspace does not have."""
    message = (f"Compute '{compute}' was not found in workspace '{workspace}'. Create it, or "
               "choose one of the workspace's computes.")
    return MlError(400, "UserError", message, "ComputeNotFound", message)


def unsupported_job_type(job_type: str) -> MlError:
    return MlError(400, "UserError",
                   f"Job type '{job_type}' is not supported by the aml-parity local workspace; "
                   "it runs Command, Pipeline and Sweep jobs.", "NotSupported")


def unsupported_node_type(node: str, node_type: str) -> MlError:
    return MlError(400, "UserError",
                   f"Pipeline node '{node}' is a {node_type or 'untyped'} node; the aml-parity "
                   "local workspace runs pipelines of command components only.", "NotSupported")
