"""The package set a side's job ran with, as the local workspace records it.

A job that ran in a built environment (workspace setting ``build_environments``) has a
run artifact listing what was installed (``name==version``, one a line) after comment
lines with the notes and warnings of its resolution. Each side keeps it in its
evidence's ``environment`` so run parity can show which packages differ between sides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PACKAGES_ARTIFACT = "azureml-logs/environment_packages.txt"
"""Where the run's resolved package set is stored among its artifacts."""


def environment_evidence(path: Path | None) -> dict[str, Any]:
    """``{"packages": [...], "environment_warnings": [...]}`` from the artifact, or {}."""
    if path is None or not path.is_file():
        return {}
    packages, warnings = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.strip()
        if text.startswith("# warning: "):
            warnings.append(text.removeprefix("# warning: "))
        elif text and not text.startswith("#"):
            packages.append(text)
    return {"packages": packages, "environment_warnings": warnings}


def versions(environment: dict[str, Any]) -> dict[str, str] | None:
    """Package name -> version of a side's recorded set; None when none was recorded."""
    packages = environment.get("packages")
    if packages is None:
        return None
    found: dict[str, str] = {}
    for line in packages:
        name, _, version = str(line).partition("==")
        found[name.strip().lower().replace("_", "-")] = version.strip() or str(line)
    return found
