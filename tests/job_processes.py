"""The processes of local-workspace jobs, found as the workspace finds them: by working folder.

Tests use it to prove a job's process is gone, and to clean up after a test that
failed to end one. Shared by tests/ and tests/workspace* (on sys.path through
`pythonpath` in pyproject.toml).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path


def processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is ``folder`` or below it."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            cwd = os.readlink(entry / "cwd")
            if entry.name.isdigit() and Path(cwd).is_relative_to(folder.resolve()):
                found.append(int(entry.name))
    return found


def kill_processes_in(folder: Path) -> None:
    """SIGKILL what a test left running under ``folder``."""
    for pid in processes_in(folder):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
