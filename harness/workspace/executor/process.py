"""Start one job's user process in its own process group and tee its output to the log.

Kept apart from the executor's queueing and state so the delicate parts (process
groups, reaping, pipes) live in one place. POSIX only, as Azure ML compute is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import IO, BinaryIO

from .spec import JobSpec

STDERR_TAIL_LINES = 20
"""How many of the last stderr lines are kept to explain a failure."""

_READER_JOIN_SECONDS = 5.0
_NOT_INHERITED_PREFIXES = ("AZUREML_", "AZURE_ML_", "MLFLOW_")


class JobStartError(Exception):
    """The user process could not be started; the message is written for the user."""


def interpreter_shim(python: Path, root: Path) -> Path:
    """A folder whose ``python`` and ``python3`` run ``python``; idempotent.

    Why not a symlink: a venv's interpreter finds its ``pyvenv.cfg`` from the path it was
    started by, so a symlink elsewhere would silently drop the venv's packages. Why not
    only the interpreter's own folder first on PATH: it may hold no ``python`` at all
    (``/usr/bin`` often has only ``python3``).
    """
    digest = hashlib.sha256(str(python).encode()).hexdigest()[:16]
    folder = root / digest
    folder.mkdir(parents=True, exist_ok=True)
    script = f'#!/bin/sh\nexec {shlex.quote(str(python))} "$@"\n'
    for name in ("python", "python3"):
        target = folder / name
        if not target.exists():
            temporary = folder / f".{name}.{os.getpid()}.{threading.get_ident()}"
            temporary.write_text(script)
            temporary.chmod(0o755)
            os.replace(temporary, target)
    return folder


def build_env(spec: JobSpec, shim: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The job's environment: the harness's, minus its Azure ML context, plus the spec's.

    ``PYTHONUNBUFFERED`` is on unless the spec says otherwise, so that log lines reach
    the log (and anyone streaming it) when printed, not when a buffer fills.
    """
    source = os.environ if base is None else base
    env = {k: v for k, v in source.items() if not k.startswith(_NOT_INHERITED_PREFIXES)}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(spec.env)
    path = [str(shim), str(spec.python.parent)]
    if env.get("PATH"):
        path.append(env["PATH"])
    env["PATH"] = os.pathsep.join(path)
    return env


def check_can_start(spec: JobSpec) -> str | None:
    """Why the job cannot start, in the user's terms, or None; checked before any work."""
    python = spec.python
    if not python.is_file() or not os.access(python, os.X_OK):
        return (
            f"Python interpreter not found or not executable: {python}. "
            "Set JobSpec.python to an installed interpreter."
        )
    return None


class _LogTee:
    """Appends lines to the job's log, flushing each, from several reader threads.

    Lines arriving after ``close`` (from a process that escaped its group and still holds
    the pipe) are dropped rather than crashing the reader.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: BinaryIO = path.open("ab")
        self._lock = threading.Lock()

    def write(self, line: bytes) -> None:
        with self._lock:
            if self._file.closed:
                return
            self._file.write(line)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


class JobProcess:
    """A running user process, leader of its own process group.

    Signals go to the whole group, and only while the leader is unreaped: a zombie
    leader keeps its group id reserved, so a late signal can never hit an unrelated
    process that reused the id.
    """

    def __init__(self, spec: JobSpec, env: Mapping[str, str],
                 log_path: Path | None = None) -> None:
        cwd = spec.working_dir
        if not cwd.is_dir():
            raise JobStartError(f"Working folder {cwd} does not exist; the job cannot start.")
        if spec.command is not None:
            args: list[str] = ["/bin/bash", "-c", spec.command]
        else:
            args = [str(a) for a in spec.argv or ()]
        self._log = _LogTee(log_path or spec.log_path)
        try:
            self._popen = subprocess.Popen(
                args,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as exc:
            self._log.close()
            reason = exc.strerror or str(exc)
            raise JobStartError(f"Could not start {args[0]!r} in {cwd}: {reason}.") from exc
        self.pid = self._popen.pid
        self._lock = threading.Lock()
        self._reaped = False
        self._stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self._readers = [
            self._start_reader(self._popen.stdout, None),
            self._start_reader(self._popen.stderr, self._stderr_tail),
        ]

    def _start_reader(self, pipe: IO[bytes] | None, tail: deque[str] | None) -> threading.Thread:
        def pump() -> None:
            if pipe is None:
                return
            with pipe:
                for line in iter(pipe.readline, b""):
                    self._log.write(line)
                    if tail is not None:
                        tail.append(line.decode("utf-8", errors="replace").rstrip("\r\n"))

        thread = threading.Thread(target=pump, name=f"job-{self.pid}-output", daemon=True)
        thread.start()
        return thread

    def signal_group(self, signum: int) -> bool:
        """Send ``signum`` to every process of the job; False if the job is already gone."""
        with self._lock:
            if self._reaped:
                return False
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signum)
            return True

    def wait(self) -> int:
        """Block until the user process exits; kill what it left behind; return its code.

        A negative code means it was killed by that signal, as in ``subprocess``.
        """
        if hasattr(os, "waitid"):
            with contextlib.suppress(ChildProcessError):
                os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        else:
            self._popen.wait()
        with self._lock:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
            code = self._popen.wait()
            self._reaped = True
        for reader in self._readers:
            reader.join(_READER_JOIN_SECONDS)
        self._log.close()
        return code

    def stderr_tail(self) -> list[str]:
        """The last lines the process wrote to stderr (complete once ``wait`` returned)."""
        return list(self._stderr_tail)


def kill_orphans(working_dir: Path) -> None:
    """Kill the process groups of processes working in ``working_dir`` (or below it).

    A job's group outlives a server that stopped without ending it (a crash, a kill);
    the next server finds what is left by working folder, the one thing it knows.
    """
    if not working_dir.exists() or not Path("/proc").is_dir():
        return
    target = str(working_dir.resolve())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cwd = os.readlink(entry / "cwd")
            if cwd == target or cwd.startswith(target + os.sep):
                group = os.getpgid(int(entry.name))
                if group != os.getpgrp():  # never our own group (a shell cd'ed there)
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(group, signal.SIGKILL)
