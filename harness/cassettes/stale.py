"""Say, during the run, that a replayed cassette was recorded from other scenario files.

A cassette replays what the scenario files did when it was recorded; after an edit it
still replays (the requests may match) and can PASS on evidence the edited files never
produced. `aml-parity cassettes check` fails on that; a pytest run warns, naming the
changed files, so the author sees it where they look.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest

from .meta import certified_folders, changed_files, file_digests, scenario_digest


class StaleCassetteWarning(pytest.PytestWarning):
    """A replayed cassette certifies other scenario files than the folder holds now."""


def stale_message(cassette: Path, meta: dict[str, Any], scenario: Any, phase: str) -> str:
    """The warning text for a stale cassette, or "" when it matches the files."""
    recorded = meta.get("scenario_digest")
    folders = certified_folders(scenario)
    if not recorded or recorded == scenario_digest(*folders):
        return ""
    files = meta.get("scenario_files")
    changed = changed_files(files, file_digests(*folders)) if isinstance(files, dict) else []
    what = (", ".join(changed) if changed else
            "files of the scenario folder (this cassette predates per-file digests)")
    folder = os.path.relpath(scenario.folder)
    return (f"{os.path.relpath(cassette)} was recorded before these changed: {what}. It "
            "replays what the old files did, so this verdict does not certify the files as "
            f"they are. Re-record: pytest {folder} -m {phase} --record-mode=all")


def warn_if_stale(cassette: Path, meta: dict[str, Any], scenario: Any, phase: str) -> None:
    message = stale_message(cassette, meta, scenario, phase)
    if message:
        warnings.warn(StaleCassetteWarning(message), stacklevel=2)
