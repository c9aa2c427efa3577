"""Helpers for executor tests: a status recorder, condition waits, job folders."""

from __future__ import annotations

import os
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

from harness.workspace.executor import V2_LOG_NAME, JobInfo, JobKind, JobSpec, RunStatus

WAIT = 15.0
"""Upper bound for anything a test waits on; reached only when something is broken."""


class StatusRecorder:
    """Collects ``on_status`` calls and lets a test wait for one, instead of sleeping."""

    def __init__(self) -> None:
        self.events: list[tuple[str, RunStatus, JobInfo]] = []
        self._changed = threading.Condition()

    def __call__(self, job_id: str, status: RunStatus, info: JobInfo) -> None:
        with self._changed:
            self.events.append((job_id, status, info))
            self._changed.notify_all()

    def statuses(self, job_id: str) -> list[RunStatus]:
        with self._changed:
            return [status for jid, status, _ in self.events if jid == job_id]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = WAIT) -> None:
        with self._changed:
            if not self._changed.wait_for(predicate, timeout):
                raise AssertionError(f"Condition not met within {timeout} s: {self.events}")

    def wait_for(self, job_id: str, status: RunStatus, timeout: float = WAIT) -> None:
        self.wait_until(lambda: status in self.statuses(job_id), timeout)


def eventually(predicate: Callable[[], bool], timeout: float = WAIT) -> None:
    """Poll a condition that no event announces (a line in a file, a process gone)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Condition not met within {timeout} s")
        time.sleep(0.01)


def process_alive(pid: int) -> bool:
    """True if ``pid`` runs; a zombie nobody reaped (PID 1 in a container) counts as gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


class JobMaker:
    """Writes a script into a fresh job folder and returns a spec that runs it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._count = 0

    def __call__(
        self, script: str = "", *, log_name: str = V2_LOG_NAME, **overrides: object
    ) -> JobSpec:
        self._count += 1
        job_id = str(overrides.pop("job_id", f"job_{self._count}"))
        folder = self.root / job_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "main.py").write_text(textwrap.dedent(script))
        fields: dict[str, object] = {
            "job_id": job_id,
            "kind": JobKind.V2,
            "working_dir": folder,
            "log_path": folder / log_name,
        }
        if "argv" not in overrides:
            fields["command"] = "python main.py"
        fields.update(overrides)
        return JobSpec(**fields)  # type: ignore[arg-type]
