"""Write a new user's repository files, never replacing one that exists.

Each file is one `Step`: written, appended to (pyproject's pytest table, .gitignore lines
only when missing) or skipped with what to do by hand, so running `init` twice, or in a
repository that already has some of these files, changes nothing the user wrote.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..scenario.schema import published_schema
from . import templates

#: Where `init` puts the scenario JSON Schema, for editors: the project's root, so the
#: `$schema` comment points into the user's repository, not into aml-parity's.
SCHEMA_FILE = ".aml-parity-schema.json"
CI_FILE = Path(".github/workflows/aml-parity.yml")
PYTEST_TABLE = re.compile(r"^\s*\[tool\.pytest(\.ini_options)?\]", re.MULTILINE)
#: Files pytest reads its settings from before pyproject.toml.
INI_FILES = ("pytest.ini", ".pytest.ini")


@dataclass(frozen=True)
class Step:
    """What `init` did to one file, as one line for the user."""

    path: Path
    action: str  # "wrote", "appended to" or "skipped"
    detail: str = ""


def init_project(root: Path, name: str) -> list[Step]:
    """Every file a repository needs to run scenario `name` with pytest, in `root`."""
    folder = Path("scenarios") / name
    schema = Path(os.path.relpath(SCHEMA_FILE, folder)).as_posix()
    steps = [
        _new(root, folder / "scenario.yaml", templates.scenario_yaml(name, schema)),
        _new(root, folder / "v1_job.py", templates.v1_job(name)),
        _new(root, folder / "job.yml", templates.job_yml(name)),
        _new(root, folder / "conda.yml", templates.conda_yml(name)),
        _new(root, folder / "src" / "train.py", templates.TRAIN_PY),
        _new(root, Path(SCHEMA_FILE), published_schema(),
             f"refresh it after upgrading aml-parity: aml-parity schema --write {SCHEMA_FILE}"),
        _pytest_settings(root),
        _gitignore(root),
        _new(root, CI_FILE, templates.CI_WORKFLOW),
    ]
    return steps


def _new(root: Path, relative: Path, text: str, if_exists: str = "") -> Step:
    path = root / relative
    if path.exists():
        return Step(relative, "skipped", "it exists and was left as it is" +
                    (f"; {if_exists}" if if_exists else ""))
    _write(path, text)
    return Step(relative, "wrote")


def _pytest_settings(root: Path) -> Step:
    """The pytest table in pyproject.toml; when pytest reads its settings from elsewhere,
    or the table exists, what to add by hand (a merged TOML table is the user's to write)."""
    ini = next((n for n in INI_FILES if (root / n).is_file()), None)
    if ini:
        lines = templates.PYTEST_TABLE.replace("[tool.pytest.ini_options]", "[pytest]")
        return Step(Path(ini), "skipped", "pytest reads its settings from it; add what "
                    "aml-parity needs to its [pytest] section (TOML lists become "
                    "space-separated values):\n" + _indented(lines))
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        _write(pyproject, templates.PYTEST_TABLE)
        return Step(Path("pyproject.toml"), "wrote")
    text = pyproject.read_text(encoding="utf-8")
    if PYTEST_TABLE.search(text):
        return Step(Path("pyproject.toml"), "skipped", "it already has a pytest table; add "
                    "the settings it lacks to that table:\n" + _indented(templates.PYTEST_TABLE))
    _append(pyproject, text, templates.PYTEST_TABLE)
    return Step(Path("pyproject.toml"), "appended to", "[tool.pytest.ini_options]")


def _gitignore(root: Path) -> Step:
    path = root / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [e for e in templates.GITIGNORE_ENTRIES
               if e not in present and e.rstrip("/") not in present]
    if not missing:
        return Step(Path(".gitignore"), "skipped", "it already ignores "
                    + " and ".join(templates.GITIGNORE_ENTRIES))
    block = "# aml-parity: the local workspace and generated reports\n" + "\n".join(missing)
    if not text:
        _write(path, block + "\n")
        return Step(Path(".gitignore"), "wrote")
    _append(path, text, block + "\n")
    return Step(Path(".gitignore"), "appended to", ", ".join(missing))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _append(path: Path, text: str, addition: str) -> None:
    separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n")
                                                               else "\n\n")
    path.write_text(text + separator + addition, encoding="utf-8")


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.rstrip().splitlines())


