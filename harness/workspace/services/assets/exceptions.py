"""Errors as the Azure ML resource provider writes them behind ARM.

The ML RP nests the specific code under a generic ``UserError`` and always carries
``details`` and ``additionalInfo`` lists (see real-traffic/model_crud_file.json).
"""

from __future__ import annotations

from ...http import HttpError, Request, Response, iso_time, new_id
from ...router import ErrorShape


def ml_error_body(code: str, message: str, detail_code: str | None = None,
                  detail_message: str | None = None, region: str = "eastus") -> dict[str, object]:
    details = []
    if detail_code:
        details.append({"code": detail_code, "message": detail_message or message,
                        "details": [], "additionalInfo": []})
    return {"error": {
        "code": code, "message": message, "details": details,
        "additionalInfo": [
            {"type": "ComponentName", "info": {"value": "managementfrontend"}},
            {"type": "Correlation", "info": {"value": {"operation": new_id().replace("-", ""),
                                                      "request": new_id()[:16]}}},
            {"type": "Environment", "info": {"value": region}},
            {"type": "Location", "info": {"value": region}},
            {"type": "Time", "info": {"value": iso_time()}},
        ],
    }}


class MlError(HttpError):
    """Raise from a handler to answer in the ML RP's error shape."""

    def __init__(self, status: int, code: str, message: str, detail_code: str | None = None,
                 detail_message: str | None = None) -> None:
        body = ml_error_body(code, message, detail_code, detail_message)
        super().__init__(Response.json(body, status=status), detail_message or message)


def not_found(detail_code: str, detail_message: str) -> MlError:
    return MlError(404, "UserError", "The specified resource was not found.", detail_code,
                   detail_message)


def bad_request(message: str, detail_code: str = "BadArgument") -> MlError:
    return MlError(400, "UserError", message, detail_code, message)


def conflict(message: str) -> MlError:
    return MlError(409, "UserError", message, "Conflict", message)


class MlErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        return Response.json(ml_error_body(code, message), status=status)
