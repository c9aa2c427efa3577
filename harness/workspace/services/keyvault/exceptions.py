"""Errors in Key Vault's shape: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

from ...http import HttpError, Request, Response
from ...router import ErrorShape


def vault_body(code: str, message: str) -> dict[str, object]:
    return {"error": {"code": code, "message": message}}


class VaultError(HttpError):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(Response.json(vault_body(code, message), status=status,
                                       headers=headers), message)


def secret_not_found(name: str) -> VaultError:
    return VaultError(404, "SecretNotFound",
                      f"A secret with (name/id) {name} was not found in this key vault. If you "
                      "recently deleted this secret you may be able to recover it using the "
                      "correct recovery command. For help resolving this issue, please see "
                      "https://go.microsoft.com/fwlink/?linkid=2125182")


def missing_api_version() -> VaultError:
    return VaultError(400, "BadParameter", "The 'api-version' query parameter is missing.")


def vault_not_found(vault: str) -> VaultError:
    return VaultError(404, "VaultNotFound",
                      f"The aml-parity local workspace serves the vault of its workspace "
                      f"only; '{vault}' is not it (settings.key_vault).")


def challenge(tenant_id: str) -> VaultError:
    """Key Vault's answer to a request without a token: where to get one (clients retry)."""
    header = (f'Bearer authorization="https://login.microsoftonline.com/{tenant_id}", '
              'resource="https://vault.azure.net"')
    return VaultError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.",
                      {"WWW-Authenticate": header})


class VaultErrors(ErrorShape):
    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        return Response.json(vault_body(code, message), status=status)
