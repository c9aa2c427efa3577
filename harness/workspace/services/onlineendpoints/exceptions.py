"""Online endpoint errors, in the ML resource provider's ARM shape."""

from __future__ import annotations

from ..assets.exceptions import MlError, MlErrors, bad_request, ml_error_body

__all__ = ["MlError", "MlErrors", "bad_request", "deployment_not_found", "endpoint_not_found",
           "ml_error_body"]


def endpoint_not_found(name: str) -> MlError:
    return MlError(404, "UserError", f"Endpoint {name} not found.", "EndpointNotFound",
                   f"Online endpoint {name} was not found in the workspace.")


def deployment_not_found(endpoint: str, name: str) -> MlError:
    return MlError(404, "UserError", f"Deployment {name} not found.", "DeploymentNotFound",
                   f"Deployment {name} of online endpoint {endpoint} was not found.")
