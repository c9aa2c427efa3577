"""Registry errors, in the ML RP's shape (as the registry's management front end writes them)."""

from __future__ import annotations

from ..assets.exceptions import MlError, MlErrors, not_found

__all__ = ["MlErrors", "asset_not_found", "registry_not_found"]


def registry_not_found(registry: str) -> MlError:
    return not_found("RegistryNotFound", f"Registry with name: {registry} not found.")


def asset_not_found(registry: str, kind: str, name: str, version: str | None) -> MlError:
    """What a lookup in a registry gets: the asset's own NotFound, as in a workspace."""
    label = {"models": "Model", "environments": "Environment", "components": "Component",
             "data": "Data", "codes": "Code"}[kind.lower()]
    if version is None:
        return not_found(f"{label}NotFound", f"{label} container with name: {name} not found.")
    return not_found(f"{label}VersionNotFound", f"Could not find asset with ID: azureml://"
                     f"registries/{registry}/{kind.lower()}/{name}/versions/{version}")
