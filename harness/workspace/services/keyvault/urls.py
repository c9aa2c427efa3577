"""Routes of Key Vault's secrets API on <vault>.vault.azure.net."""

from ...hosts import KEY_VAULT
from ...router import Service
from . import responses as r
from .exceptions import VaultErrors

NAME = r"/secrets/(?P<name>[0-9a-zA-Z-]+)"

SERVICE = Service(
    name="keyvault",
    errors=VaultErrors(),
    claims={KEY_VAULT: "/"},
    routes=[
        (KEY_VAULT, "PUT", NAME, r.set_secret),
        (KEY_VAULT, "GET", NAME + r"/?", r.get_secret),
        (KEY_VAULT, "GET", NAME + r"/(?P<version>[0-9a-f]{32})", r.get_secret),
        (KEY_VAULT, "DELETE", NAME, r.delete_secret),
    ],
)
