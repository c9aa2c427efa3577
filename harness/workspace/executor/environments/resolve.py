"""From what a side declared to a :class:`Requirements` set.

The inputs are the documents the SDKs send: a v1 run configuration's ``environment``
(``Environment``, ``CondaDependencies``, ``from_conda_specification``,
``from_pip_requirements`` all arrive as ``python.condaDependencies`` plus
``docker.baseImage``) and a v2 environment asset's ``condaFile`` and ``image`` (from
``Environment(conda_file=..., image=...)``, a YAML environment, a registered or curated
one). Returns None when the side asks for no built environment (v1
``user_managed_dependencies=True``: the image's interpreter is the user's business).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import yaml

from .conda import conda_to_pip, python_version
from .images import contents
from .requirements import Requirements, ResolutionError, package_name


def _parse_conda(conda: dict[str, Any] | str, where: str) -> dict[str, Any]:
    if isinstance(conda, dict):
        return conda
    try:
        parsed = json.loads(conda)
    except ValueError:
        try:
            parsed = yaml.safe_load(conda)
        except yaml.YAMLError as exc:
            raise ResolutionError(f"{where}: the conda file is neither JSON nor YAML "
                                  f"({exc}).") from exc
    if not isinstance(parsed, dict):
        raise ResolutionError(f"{where}: the conda file is not a mapping.")
    return parsed


def _conda_lines(conda: dict[str, Any], where: str) -> tuple[str | None, list[str], list[str]]:
    """``(python version, pip lines, notes)`` of one conda specification."""
    python: str | None = None
    lines: list[str] = []
    notes: list[str] = []
    for dependency in conda.get("dependencies") or []:
        if isinstance(dependency, dict):
            for line in dependency.get("pip") or []:
                text = str(line).strip()
                if text.startswith("-"):
                    notes.append(f"pip option {text!r} dropped: packages come from the "
                                 "registry this machine reaches")
                elif text:
                    lines.append(text)
            continue
        text = str(dependency).strip()
        if text == "python" or text.startswith(("python=", "python<", "python>", "python ")):
            python = python_version(text) or python
            continue
        pip_line, note = conda_to_pip(text, where)
        if pip_line:
            lines.append(pip_line)
        if note:
            notes.append(note)
    return python, lines, notes


def _override(base: list[str], own: list[str]) -> list[str]:
    """``base`` lines whose package ``own`` does not name, then ``own``."""
    named = {package_name(line) for line in own}
    return [line for line in base if package_name(line) not in named] + own


def from_conda(conda: dict[str, Any] | str, *, image: str | None = None,
               where: str = "environment") -> Requirements:
    """The requirement set of a conda specification on top of what ``image`` brings."""
    spec = _parse_conda(conda, where)
    python, lines, notes = _conda_lines(spec, where)
    brought = contents(image)
    if brought.conda is not None:
        base_python, base_lines, base_notes = _conda_lines(brought.conda, f"image {image}")
        python = python or base_python
        lines = _override(base_lines, lines)
        notes = [*base_notes, *notes]
    if brought.note:
        notes.append(brought.note)
    warnings = [brought.warning] if brought.warning else []
    return Requirements.of(python, lines, notes, where, warnings)


def from_v1_environment(environment: dict[str, Any]) -> Requirements | None:
    """The set of a v1 run configuration's ``environment``; None if user-managed."""
    name = environment.get("name") or "environment"
    where = f"v1 environment {name!r}"
    python = environment.get("python") or {}
    if python.get("userManagedDependencies"):
        return None
    conda = python.get("condaDependencies") or {"dependencies": []}
    image = (environment.get("docker") or {}).get("baseImage")
    return from_conda(conda, image=image, where=where)


def from_v2_environment(properties: dict[str, Any], name: str = "environment") -> Requirements:
    """The set of a v2 environment asset version's properties (``condaFile``, ``image``)."""
    where = f"v2 environment {name!r}"
    notes: list[str] = []
    if properties.get("build"):
        notes.append("a Docker build context cannot be built here; only its conda file is")
    conda = properties.get("condaFile") or {"dependencies": []}
    built = from_conda(conda, image=properties.get("image"), where=where)
    return replace(built, notes=(*notes, *built.notes))
