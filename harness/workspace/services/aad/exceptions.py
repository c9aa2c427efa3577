"""Errors in Entra ID's shape: ``error``, ``error_description`` with an AADSTS code, ids."""

from __future__ import annotations

import time

from ...http import HttpError, Request, Response, new_id
from ...router import ErrorShape


def aad_body(error: str, aadsts: int, description: str) -> dict[str, object]:
    """The JSON body Entra ID sends with a failed token request."""
    trace_id, correlation_id = new_id(), new_id()
    stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
    return {
        "error": error,
        "error_description": f"AADSTS{aadsts}: {description} Trace ID: {trace_id} "
        f"Correlation ID: {correlation_id} Timestamp: {stamp}",
        "error_codes": [aadsts],
        "timestamp": stamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": f"https://login.microsoftonline.com/error?code={aadsts}",
    }


class AadError(HttpError):
    """A token-service failure, raised by the backend and rendered as-is."""

    def __init__(self, status: int, error: str, aadsts: int, description: str) -> None:
        super().__init__(Response.json(aad_body(error, aadsts, description), status=status),
                         f"AADSTS{aadsts}: {description}")


def invalid_client_secret(client_id: str) -> AadError:
    return AadError(
        401, "invalid_client", 7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the "
        f"client secret value, not the client secret ID, for a secret added to app '{client_id}'.",
    )


def unknown_application(client_id: str, tenant: str) -> AadError:
    return AadError(
        400, "unauthorized_client", 700016,
        f"Application with identifier '{client_id}' was not found in the directory '{tenant}'. "
        "This can happen if the application has not been installed by the administrator of the "
        "tenant or consented to by any user in the tenant.",
    )


def unknown_tenant(tenant: str) -> AadError:
    return AadError(
        400, "invalid_request", 90002,
        f"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are "
        "signing into the correct cloud.",
    )


def invalid_grant(description: str) -> AadError:
    return AadError(400, "invalid_grant", 9002313, description)


def unsupported_grant(grant_type: str) -> AadError:
    return AadError(
        400, "unsupported_grant_type", 70003,
        f"The app requested an unsupported grant type '{grant_type}'.",
    )


class AadErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        error = "invalid_request" if status == 400 else code[:1].lower() + code[1:]
        return Response.json(aad_body(error, 900144 if status == 400 else 90000, message),
                             status=status)
