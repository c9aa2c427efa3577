"""The curated environments every workspace sees, and the packages each one holds.

Both SDKs' environment routes serve this catalogue (v1 ``/environment/v1.0``, v2 ARM
``environments``), and v2 jobs may name an entry in the short form ``azureml:<name>:<n>``
or ``azureml:<name>@latest``, which azure-ai-ml passes through unresolved for names
starting with ``AzureML-``. The data lives in ``environments.json`` so that whatever
builds environments can read the same package sets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOGUE_FILE = Path(__file__).with_name("environments.json")
CURATED_PREFIX = "azureml-"
"""Azure reserves this prefix (any case) for curated environments."""

_SHORT_REFERENCE = re.compile(
    r"(?:azureml:)?/?(?P<name>[^/:@]+)(?::(?P<version>[^/:@]+)|@(?P<label>\w+))")


@dataclass(frozen=True)
class CuratedEnvironment:
    """One curated environment: its names, versions, image and conda specification."""

    name: str
    registry_name: str
    aliases: tuple[str, ...]
    latest_version: int
    image_repository: str
    description: str
    conda: dict[str, Any]

    @property
    def versions(self) -> list[str]:
        return [str(n) for n in range(1, self.latest_version + 1)]

    def has_version(self, version: str) -> bool:
        return version.isdigit() and 1 <= int(version) <= self.latest_version

    def image(self, version: str) -> str:
        return f"{self.image_repository}:{version}"

    @property
    def python_version(self) -> str:
        """``3.8`` from the conda file's ``python=3.8``."""
        for dependency in self.conda.get("dependencies", []):
            if isinstance(dependency, str) and dependency.startswith("python="):
                return dependency.split("=", 1)[1]
        return ""

    @property
    def pip_packages(self) -> list[str]:
        return [spec for dependency in self.conda.get("dependencies", [])
                if isinstance(dependency, dict) for spec in dependency.get("pip", [])]

    @property
    def conda_packages(self) -> list[str]:
        return [d for d in self.conda.get("dependencies", []) if isinstance(d, str)]

    def conda_yaml(self) -> str:
        import yaml

        return str(yaml.safe_dump(self.conda, sort_keys=False))


@lru_cache(maxsize=1)
def catalogue() -> tuple[CuratedEnvironment, ...]:
    """Every curated environment, in the file's order."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return tuple(CuratedEnvironment(
        name=e["name"], registry_name=e["registry_name"], aliases=tuple(e.get("aliases", ())),
        latest_version=int(e["latest_version"]), image_repository=e["image"],
        description=e["description"], conda=e["conda"]) for e in data["environments"])


def find(name: str) -> CuratedEnvironment | None:
    """The curated environment called ``name`` (any case, an alias or the registry name)."""
    wanted = name.lower()
    for environment in catalogue():
        names = (environment.name, environment.registry_name, *environment.aliases)
        if wanted in (n.lower() for n in names):
            return environment
    return None


def is_curated_name(name: str) -> bool:
    return name.lower().startswith(CURATED_PREFIX)


def parse_short_reference(reference: str) -> tuple[str, str | None, str | None] | None:
    """``(name, version, label)`` of ``azureml:<name>:<v>`` or ``azureml:<name>@<label>``."""
    match = _SHORT_REFERENCE.fullmatch(reference)
    if match is None:
        return None
    return match.group("name"), match.group("version"), match.group("label")
