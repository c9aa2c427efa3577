"""Errors in Blob Storage's shape: an XML ``<Error>`` body and ``x-ms-error-code``."""

from __future__ import annotations

from xml.sax.saxutils import escape

from ...http import HttpError, Request, Response, iso_time, new_id
from ...router import ErrorShape


def blob_error_response(status: int, code: str, message: str,
                        headers: dict[str, str] | None = None) -> Response:
    text = (f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{escape(code)}</Code>'
            f"<Message>{escape(message)}\nRequestId:{new_id()}\nTime:{iso_time()}</Message>"
            "</Error>")
    return Response.xml(text, status=status,
                        headers={"x-ms-error-code": code, **(headers or {})})


class BlobError(HttpError):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(blob_error_response(status, code, message, headers), message)


def container_not_found() -> BlobError:
    return BlobError(404, "ContainerNotFound", "The specified container does not exist.")


def container_exists() -> BlobError:
    return BlobError(409, "ContainerAlreadyExists", "The specified container already exists.")


def blob_not_found() -> BlobError:
    return BlobError(404, "BlobNotFound", "The specified blob does not exist.")


def blob_exists() -> BlobError:
    return BlobError(409, "BlobAlreadyExists", "The specified blob already exists.")


def condition_not_met() -> BlobError:
    return BlobError(412, "ConditionNotMet",
                     "The condition specified using HTTP conditional header(s) is not met.")


def invalid_range(size: int) -> BlobError:
    return BlobError(416, "InvalidRange", "The range specified is invalid for the current size "
                     "of the resource.", {"Content-Range": f"bytes */{size}"})


def invalid_block_list(message: str) -> BlobError:
    return BlobError(400, "InvalidBlockList", f"The specified block list is invalid. {message}")


def unsupported(message: str) -> BlobError:
    return BlobError(400, "UnsupportedQueryParameter", message)


class BlobErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        codes = {404: "ResourceNotFound", 400: "InvalidInput", 500: "InternalError"}
        return blob_error_response(status, codes.get(status, code), message)
