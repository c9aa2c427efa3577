"""Error shapes shared by several services (the v1 data-plane family on api.azureml.ms).

The v1 SDK formats these errors itself, and its exception ``__str__`` crashes unless
``error.details`` is a list, so every v1 error carries ``"details": []``.
"""

from __future__ import annotations

from ..http import HttpError, Request, Response, iso_time, new_id
from ..router import ErrorShape


def v1_error_body(code: str, message: str, region: str = "eastus") -> dict[str, object]:
    return {
        "error": {"code": code, "message": message, "details": [], "innerError": None},
        "correlation": {"operation": new_id().replace("-", ""), "request": new_id()[:16]},
        "environment": region,
        "location": region,
        "time": iso_time(),
    }


class V1Error(HttpError):
    """Raise from a v1 data-plane handler to answer in the v1 error shape."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(Response.json(v1_error_body(code, message), status=status), message)


class V1Errors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        region = request.params.get("region") or request.host.split(".", 1)[0]
        return Response.json(v1_error_body(code, message, region), status=status)
