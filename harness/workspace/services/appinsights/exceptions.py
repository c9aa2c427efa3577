"""Ingestion errors in the service's own shape (itemsReceived/itemsAccepted/errors)."""

from __future__ import annotations

from ...http import Request, Response
from ...router import ErrorShape


class IngestionErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        return Response.json({"itemsReceived": 0, "itemsAccepted": 0,
                              "errors": [{"index": 0, "statusCode": status,
                                          "message": f"{code}: {message}"}]}, status=status)
