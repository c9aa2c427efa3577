"""The workspace's scoring processes: launched in the background, tracked, stopped.

A deployment (v1 service or v2 deployment) is a *key*. :meth:`ScoringManager.launch`
lays the deployment out and starts its ``azmlinfsrv`` on a thread, then calls the
owner's ``on_done`` with a :class:`LaunchResult`; handlers that answer operation polls
block in :meth:`ScoringManager.wait` so the SDKs see a finished operation on their first
poll instead of sleeping between polls. Every process is stopped by :meth:`stop`, at
interpreter exit, and (when a previous server died without stopping it) by the next
launch for the same key, which finds its pid file.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...context import WorkspaceContext
from ..process import JobStartError
from . import logs
from .environment import scoring_env
from .process import ScoringProcess, is_scoring_process, stop_group, stop_groups

logger = logging.getLogger("harness.workspace")
PID_FILE = "azmlinfsrv.pid"
SERVER_LOG = Path("logs") / "azmlinfsrv.log"
"""Where in a deployment's folder its scoring server writes (stdout and stderr)."""


@dataclass(frozen=True)
class Launch:
    """What to run: the entry script, its working folder, its environment and log file."""

    entry_script: Path
    cwd: Path
    env: dict[str, str]
    log_path: Path
    state_dir: Path
    """The deployment's own folder; holds the pid file."""
    python: Path | None = None
    """The built environment's interpreter; None runs the harness's own server."""

    @classmethod
    def in_folder(cls, context: WorkspaceContext, folder: Path, entry_script: Path, cwd: Path,
                  variables: dict[str, str], python: Path | None = None) -> Launch:
        """A deployment's launch: ``folder`` holds its pid file, HOME and :data:`SERVER_LOG`."""
        return cls(entry_script=entry_script, cwd=cwd,
                   env=scoring_env(context, folder, variables),
                   log_path=folder / SERVER_LOG, state_dir=folder, python=python)


@dataclass(frozen=True)
class LaunchResult:
    """How a launch ended: ready, or failed with the error the server printed."""

    succeeded: bool
    error: str | None = None
    log_path: Path | None = None

    def log_text(self) -> str:
        return logs.read_log(self.log_path) if self.log_path else ""


Prepare = Callable[[], Launch]
OnDone = Callable[[LaunchResult], None]


class ScoringManager:
    """Keeps one scoring process per deployment key."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self._lock = threading.RLock()
        self._processes: dict[str, ScoringProcess] = {}
        self._starting: dict[str, ScoringProcess] = {}
        """Processes started but not yet settled: stopped too when the server stops."""
        self._settled: dict[str, threading.Event] = {}
        self._generation: dict[str, int] = {}
        self._counter = itertools.count(1)
        atexit.register(self.stop_all)

    # queries ------------------------------------------------------------------------------
    def process(self, key: str) -> ScoringProcess | None:
        with self._lock:
            found = self._processes.get(key)
        return found if found is not None and found.alive else None

    def wait(self, key: str, timeout: float) -> bool:
        """Block until the key's current launch has settled; True if it has."""
        with self._lock:
            event = self._settled.get(key)
        return True if event is None else event.wait(timeout)

    def port(self, key: str, timeout: float) -> int | None:
        """The port of the key's running server, waiting for a launch in progress."""
        self.wait(key, timeout)
        found = self.process(key)
        return None if found is None else found.port

    # lifecycle ----------------------------------------------------------------------------
    def launch(self, key: str, prepare: Prepare, on_done: OnDone) -> None:
        """Stop whatever runs for ``key`` and start a new server in the background."""
        with self._lock:
            generation = next(self._counter)
            self._generation[key] = generation
            event = threading.Event()
            self._settled[key] = event
            old = self._take(key)
        if old:
            stop_groups([p.pid for p in old])
        thread = threading.Thread(target=self._run, args=(key, generation, prepare, on_done,
                                                          event),
                                  name=f"scoring-{key}", daemon=True)
        thread.start()

    def _run(self, key: str, generation: int, prepare: Prepare, on_done: OnDone,
             event: threading.Event) -> None:
        process: ScoringProcess | None = None
        try:
            spec = prepare()
            _stop_leftover(spec)
            process = ScoringProcess.start(spec.entry_script, spec.cwd, spec.env, spec.log_path,
                                           python=spec.python)
            with self._lock:
                self._starting[f"{key}#{generation}"] = process
            (spec.state_dir / PID_FILE).write_text(f"{process.pid}\n{spec.entry_script}\n")
            ready = process.wait_ready()
            if ready:
                result = LaunchResult(True, log_path=spec.log_path)
            else:
                process.stop()
                text = logs.read_log(spec.log_path)
                result = LaunchResult(False, logs.start_error(text), spec.log_path)
        except JobStartError as exc:  # an environment that cannot be built: the resolver's words
            result = LaunchResult(False, str(exc))
        except Exception as exc:  # a broken layout fails the deployment, not the server
            logger.exception("scoring launch for %s failed", key)
            if process is not None:
                process.stop()
            result = LaunchResult(False, f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._starting.pop(f"{key}#{generation}", None)
            current = self._generation.get(key) == generation
            if current and result.succeeded and process is not None:
                self._processes[key] = process
        if not current:
            if process is not None:
                process.stop()
            event.set()
            return
        try:
            on_done(result)
        finally:
            event.set()

    def stop(self, key: str) -> bool:
        """Stop the key's server (and cancel a launch in progress); True if one ran."""
        with self._lock:
            self._generation[key] = next(self._counter)
            processes = self._take(key)
            event = self._settled.pop(key, None)
        if event is not None:
            event.set()
        if not processes:
            return False
        stop_groups([p.pid for p in processes])
        return True

    def _take(self, key: str) -> list[ScoringProcess]:
        """Forget and return the key's running and starting processes (lock held)."""
        taken = [p for p in [self._processes.pop(key, None)] if p is not None]
        for name in [n for n in self._starting if n.rpartition("#")[0] == key]:
            taken.append(self._starting.pop(name))
        return taken

    def stop_all(self) -> None:
        """Stop every server, running or starting, all at once (at interpreter exit)."""
        with self._lock:
            processes = [*self._processes.values(), *self._starting.values()]
            self._processes.clear()
            self._starting.clear()
            for event in self._settled.values():
                event.set()
        with contextlib.suppress(Exception):
            stop_groups([p.pid for p in processes])


def _stop_leftover(spec: Launch) -> None:
    """Stop a process a previous server started for this deployment and never stopped."""
    pid_file = spec.state_dir / PID_FILE
    try:
        pid_text, marker = pid_file.read_text().splitlines()[:2]
        pid = int(pid_text)
    except (OSError, ValueError):
        return
    if is_scoring_process(pid, marker):
        logger.info("stopping leftover scoring process %d for %s", pid, marker)
        stop_group(pid)
    pid_file.unlink(missing_ok=True)
