"""Errors in MLflow's shape: ``{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ...}``."""

from __future__ import annotations

from ...http import HttpError, Request, Response
from ...router import ErrorShape

_CODES = {400: "INVALID_PARAMETER_VALUE", 404: "RESOURCE_DOES_NOT_EXIST",
          409: "RESOURCE_ALREADY_EXISTS", 500: "INTERNAL_ERROR"}


class MlflowError(HttpError):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        body = {"error_code": error_code, "message": message}
        super().__init__(Response.json(body, status=status), message)


def run_not_found(run_id: str) -> MlflowError:
    return MlflowError(404, "RESOURCE_DOES_NOT_EXIST", f"Run '{run_id}' not found.")


def experiment_not_found(what: str) -> MlflowError:
    return MlflowError(404, "RESOURCE_DOES_NOT_EXIST", f"Could not find experiment with {what}.")


def logged_model_not_found(model_id: str) -> MlflowError:
    return MlflowError(404, "RESOURCE_DOES_NOT_EXIST",
                       f"Logged model with ID '{model_id}' not found.")


def invalid(message: str) -> MlflowError:
    return MlflowError(400, "INVALID_PARAMETER_VALUE", message)


def already_exists(message: str) -> MlflowError:
    return MlflowError(409, "RESOURCE_ALREADY_EXISTS", message)


class MlflowErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        return Response.json({"error_code": _CODES.get(status, code), "message": message},
                             status=status)
