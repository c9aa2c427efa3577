"""The machine's Python interpreters, and which one serves a requested version.

A requested version that is not installed is never replaced silently: the harness's own
interpreter stands in and the choice carries a warning that the report shows.
"""

from __future__ import annotations

import glob
import os
import platform
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SEARCHED = ("/root/.pyenv/versions/*/bin/python3", "/usr/bin/python3.*", "/usr/local/bin/python3.*")
"""Where interpreters are looked for, besides the harness's own; ``AML_PARITY_PYTHONS``
(paths separated by ``os.pathsep``) adds more."""


@dataclass(frozen=True)
class Interpreter:
    """An interpreter to build a virtual environment from, and why it was chosen."""

    path: Path
    version: str
    """``major.minor.micro``."""
    warning: str | None = None
    note: str | None = None


def _version_of(path: Path) -> str | None:
    """``3.9.18`` from the pyenv folder name or ``python3.9`` file name without running it."""
    for part in (path.parent.parent.name, path.name.removeprefix("python")):
        pieces = part.split(".")
        if len(pieces) >= 2 and all(p.isdigit() for p in pieces):
            return part
    return None


@lru_cache(maxsize=1)
def installed() -> tuple[Interpreter, ...]:
    """Every interpreter found, the harness's own first."""
    own = Path(getattr(sys, "_base_executable", None) or sys.executable)
    found = [Interpreter(own, platform.python_version())]
    patterns = [*SEARCHED, *filter(None, os.environ.get("AML_PARITY_PYTHONS", "").split(
        os.pathsep))]
    for pattern in patterns:
        for name in sorted(glob.glob(pattern)):
            path = Path(name)
            version = _version_of(path)
            if version and os.access(path, os.X_OK) and not name.endswith("-config"):
                found.append(Interpreter(path, version))
    return tuple(found)


def choose(requested: str | None) -> Interpreter:
    """The interpreter for ``requested`` (``3.9``, ``3.9.18`` or None for the harness's)."""
    own = installed()[0]
    if not requested:
        return own
    for interpreter in installed():
        if interpreter.version == requested or interpreter.version.startswith(requested + "."):
            return interpreter
    minor = ".".join(requested.split(".")[:2])
    for interpreter in installed():
        if interpreter.version.startswith(minor + "."):
            return Interpreter(interpreter.path, interpreter.version, note=(
                f"Python {requested} was requested; {interpreter.version} (same minor "
                "version) was used"))
    available = sorted({".".join(i.version.split(".")[:2]) for i in installed()})
    return Interpreter(own.path, own.version, warning=(
        f"Python {requested} was requested but is not installed on this machine "
        f"(found {', '.join(available)}); the environment was built with Python "
        f"{own.version} instead, so results may differ from Azure's."))
