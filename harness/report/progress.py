"""A live status line for long runs: which scenario items are running, which sides, how long.

Shown only on an interactive terminal (never when `CI` is set, output is not a TTY,
or on xdist workers, whose controller shows the line for all of them). The line is
drawn after whatever pytest last wrote on the current line and erased before pytest
writes again, so pytest's own output is unchanged. It learns what runs from
`pytest_runtest_logstart` / `logreport`, which xdist forwards to the controller, and
which side is busy from the evidence folders sides write when they start and finish.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..evidence import EvidenceFolder
from ..scenario import ScenarioError, is_scenario_file, load_scenario

SAVE, RESTORE, CLEAR = "\x1b7", "\x1b8", "\x1b[K"
MIN_ROOM = 24
Location = tuple[str, "int | None", str]


def wanted(config: pytest.Config, stream_fd: int | None) -> bool:
    """On for a person at a terminal; off in CI, in pipes, on xdist workers and under -qq."""
    if os.environ.get("CI") or hasattr(config, "workerinput") or stream_fd is None:
        return False
    return os.isatty(stream_fd) and config.get_verbosity() > -2


class LiveProgress:
    """Tracks running scenario items and redraws one status line once a second."""

    NAME = "aml-parity-progress"
    INTERVAL_S = 1.0

    def __init__(self, config: pytest.Config, reports: Path, fd: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.reports = reports
        self.fd = fd
        self.clock = clock
        self.running: dict[str, tuple[str, str, float]] = {}  # nodeid -> scenario, kind, start
        self._names: dict[Path, str] = {}
        self._lock = threading.Lock()
        self._paused = False
        self._drawn = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- pytest hooks --------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True, specname="pytest_runtest_logstart")
    def pytest_runtest_logstart_pause(self, nodeid: str, location: Location) -> None:
        self._pause()
        scenario = self._scenario_name(nodeid)
        if scenario:
            self.running[nodeid] = (scenario, nodeid.partition("::")[2], self.clock())
            self._ensure_thread()

    @pytest.hookimpl(trylast=True, specname="pytest_runtest_logstart")
    def pytest_runtest_logstart_resume(self, nodeid: str, location: Location) -> None:
        self._resume()

    @pytest.hookimpl(tryfirst=True, specname="pytest_runtest_logreport")
    def pytest_runtest_logreport_pause(self, report: pytest.TestReport) -> None:
        self._pause()
        if report.when == "teardown" or (report.when == "setup" and not report.passed):
            self.running.pop(report.nodeid, None)

    @pytest.hookimpl(trylast=True, specname="pytest_runtest_logreport")
    def pytest_runtest_logreport_resume(self, report: pytest.TestReport) -> None:
        self._resume()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.close()

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.close()

    # --- the line ------------------------------------------------------------------

    def status_text(self, compact: bool = False) -> str:
        """`scenario::kind v1 running, v2 done 42 s` per running item; compact drops names."""
        now = self.clock()
        parts = []
        for scenario, kind, start in list(self.running.values()):
            sides = self.side_states(scenario, kind, start)
            detail = ", ".join(f"{s} {state}" for s, state in sides.items()) or "building"
            name = "" if compact else f"{scenario}::{kind} "
            parts.append(f"{name}{detail} {now - start:.0f} s")
        return ("⏳ " + " | ".join(parts)) if parts else ""

    def side_states(self, scenario: str, kind: str, start: float) -> dict[str, str]:
        """Each side's state from its evidence folder: request written, then evidence."""
        wall_start = time.time() - (self.clock() - start)
        states = {}
        for side in EvidenceFolder(self.reports, scenario, kind).sides():
            if not _newer(side.request_file, wall_start):
                continue
            finished = any(_newer(path, wall_start)
                           for path in (side.evidence_file, side.failure_file))
            states[side.path.name] = "done" if finished else "running"
        return states

    def _tick(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            with self._lock:
                if not self._paused:
                    text = self.status_text()
                    if len(text) > self._room():
                        text = self.status_text(compact=True)
                    self._draw(text)

    def _draw(self, text: str) -> None:
        room = self._room()
        if not text or room < MIN_ROOM:
            self._erase()
            return
        text = text if len(text) <= room else text[: room - 1] + "…"
        prefix = RESTORE + CLEAR if self._drawn else SAVE
        self._write(prefix + " " + text)
        self._drawn = True

    def _erase(self) -> None:
        if self._drawn:
            self._write(RESTORE + CLEAR)
            self._drawn = False

    def _room(self) -> int:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        writer = getattr(reporter, "_tw", None)
        if writer is None:  # -p no:terminal: nothing to draw after
            return 0
        width = getattr(writer, "fullwidth", 80)
        used = getattr(writer, "width_of_current_line", 0)
        return int(width) - int(used) - 2

    def _write(self, text: str) -> None:
        try:
            os.write(self.fd, text.encode("utf-8", errors="replace"))
        except OSError:
            self._stop.set()

    def _pause(self) -> None:
        with self._lock:
            self._paused = True
            self._erase()

    def _resume(self) -> None:
        with self._lock:
            self._paused = False

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._tick, name="aml-parity-progress",
                                            daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        with self._lock:
            if self.fd >= 0:
                self._erase()
                os.close(self.fd)
                self.fd = -1

    def _scenario_name(self, nodeid: str) -> str:
        path_text, _, kind = nodeid.partition("::")
        path = Path(self.config.rootpath) / path_text
        if not kind or not is_scenario_file(path):
            return ""
        if path not in self._names:
            try:
                self._names[path] = load_scenario(path).name
            except ScenarioError:
                self._names[path] = path.parent.name
        return self._names[path]


def _newer(path: Path, since: float) -> bool:
    """The file exists and was written during this item (older files are a previous run's)."""
    try:
        return path.stat().st_mtime >= since - 1
    except OSError:
        return False


def start(config: pytest.Config, reports: Path) -> LiveProgress | None:
    """A LiveProgress on a private copy of the terminal (pytest's capture redirects fd 1)."""
    try:
        fd = os.dup(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    if not wanted(config, fd):
        os.close(fd)
        return None
    return LiveProgress(config, reports, fd)
