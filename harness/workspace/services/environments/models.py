"""The v1 environment definitions of the workspace, and the curated ones it shows.

azureml-core sends a definition with PascalCase top-level keys (``Name``, ``Docker``,
``EnvironmentVariables`` ...) and reads the answer camelCase, as the service's
serializer writes it. A definition registered again unchanged keeps its version; a
changed one gets the next. Each registration is mirrored as a v2 environment version
(image and conda file), since both SDKs see one set of environments on Azure.
"""

from __future__ import annotations

import json
from typing import Any

from ...context import WorkspaceContext
from ...curated import environments as catalogue
from ...curated.environments import CuratedEnvironment
from ...http import HttpError
from ..assets.models import AssetBackend, kind_of
from . import exceptions

DEFINITIONS = "environments.v1"
LABELS = "environments.v1.labels"
DEFAULT_IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04"
_SERVER_FIELDS = ("name", "version", "assetId")


def camel_case(body: dict[str, Any]) -> dict[str, Any]:
    """``{"Docker": ..., "python": ...}`` -> ``{"docker": ..., "python": ...}``."""
    return {key[:1].lower() + key[1:]: value for key, value in body.items()}


def curated_definition(environment: CuratedEnvironment, version: str) -> dict[str, Any]:
    """A curated environment as azureml-core deserialises it: its image carries the packages."""
    return {
        "name": environment.name, "version": version,
        "environmentVariables": {"EXAMPLE_ENV_VAR": "EXAMPLE_VALUE"},
        "python": {"userManagedDependencies": True, "interpreterPath": "python",
                   "condaDependenciesFile": None, "baseCondaEnvironment": None,
                   "condaDependencies": environment.conda},
        "docker": {"enabled": False, "baseImage": environment.image(version),
                   "baseDockerfile": None, "buildContext": None, "sharedVolumes": True,
                   "shmSize": None, "arguments": [],
                   "baseImageRegistry": {"address": None, "username": None, "password": None,
                                         "registryIdentity": None},
                   "platform": {"os": "Linux", "architecture": "amd64"}},
        "spark": {"repositories": [], "packages": [], "precachePackages": True},
        "databricks": {"mavenLibraries": [], "pypiLibraries": [], "rcranLibraries": [],
                       "jarLibraries": [], "eggLibraries": []},
        "r": None, "inferencingStackVersion": None,
        "assetId": f"azureml://registries/azureml/environments/{environment.registry_name}"
                   f"/versions/{version}",
    }


def _numeric_key(version: str) -> tuple[int, str]:
    return (int(version) if version.isdigit() else -1, version)


class EnvironmentDefinitions:
    """Registered v1 definitions (``<name>/<version>``) over the curated catalogue."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store

    def _versions(self, name: str) -> list[dict[str, Any]]:
        found = [doc for _, doc in self.store.list(DEFINITIONS, f"{name}/")]
        return sorted(found, key=lambda d: _numeric_key(str(d["version"])))

    def register(self, name: str, version: str | None, body: dict[str, Any]) -> dict[str, Any]:
        definition = {k: v for k, v in camel_case(body).items() if k not in _SERVER_FIELDS}
        if catalogue.is_curated_name(name):
            raise exceptions.V1Error(400, "BadArgument",
                                     f"Environment name {name!r} starts with 'AzureML', which "
                                     "is reserved for curated environments; choose another.")
        existing = self._versions(name)
        if version is None:
            same = [d for d in existing if _body_of(d) == definition]
            if same:
                return same[-1]
            version = self._next_version(name, existing)
        document = {"name": name, "version": version, **definition, "assetId": None}
        self.store.put(DEFINITIONS, f"{name}/{version}", document)
        self._mirror_to_v2(name, version, definition)
        return document

    def _next_version(self, name: str, existing: list[dict[str, Any]]) -> str:
        """After both the v1 definitions and any v2 versions of the same name."""
        v1_next = max((int(d["version"]) for d in existing if str(d["version"]).isdigit()),
                      default=0) + 1
        try:
            container = self.context.backend(AssetBackend).container(kind_of("environments"),
                                                                     name)
            v2_next = int(container["properties"]["nextVersion"])
        except HttpError:
            v2_next = 1
        return str(max(v1_next, v2_next))

    def _mirror_to_v2(self, name: str, version: str, definition: dict[str, Any]) -> None:
        docker = definition.get("docker") or {}
        conda = (definition.get("python") or {}).get("condaDependencies")
        properties = {"image": docker.get("baseImage") or DEFAULT_IMAGE,
                      "condaFile": json.dumps(conda) if conda else None,
                      "tags": {}, "properties": {"azureml.v1": "true"}}
        assets = self.context.backend(AssetBackend)
        assets.put_version(kind_of("environments"), name, version, properties)

    def get(self, name: str, version: str | None) -> dict[str, Any]:
        """A version, or the latest one; registered definitions before curated ones."""
        existing = self._versions(name)
        if existing:
            matching = [d for d in existing if version in (None, str(d["version"]))]
            chosen = matching[-1] if matching else None
            if chosen is None:
                raise exceptions.not_found(name, version)
            return chosen
        environment = catalogue.find(name)
        if environment is None or (version is not None and not environment.has_version(version)):
            raise exceptions.not_found(name, version)
        return curated_definition(environment, version or str(environment.latest_version))

    def set_labels(self, name: str, version: str, labels: list[str]) -> None:
        self.get(name, version)
        for label in labels:
            self.store.put(LABELS, f"{name}/{label}", version)

    def by_label(self, name: str, label: str) -> dict[str, Any]:
        version = self.store.get(LABELS, f"{name}/{label}")
        if version is None and label != "latest":
            raise exceptions.V1Error(404, "NotFound",
                                     f"Environment {name} has no version labelled {label!r}.")
        return self.get(name, version)

    def list(self) -> list[dict[str, Any]]:
        """The latest version of each registered definition, then the curated ones."""
        names = sorted({key.split("/", 1)[0] for key, _ in self.store.list(DEFINITIONS)})
        registered = [self._versions(name)[-1] for name in names]
        return registered + [curated_definition(e, str(e.latest_version))
                             for e in catalogue.catalogue()]


def _body_of(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in _SERVER_FIELDS}
