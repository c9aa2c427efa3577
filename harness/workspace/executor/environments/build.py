"""Build a requirement set into a cached virtual environment with ``uv``, once per key.

The cache is a folder of environments named by :meth:`Requirements.key` (the
interpreter's version and the requirement set), shared by every run and xdist worker on
the machine: a build holds ``<key>.lock`` (``flock``) so two workers asking for one
environment build it once, and an environment counts only once its record file is
written, so a build killed halfway is redone, never used. Packages come through uv's
own cache (``UV_CACHE_DIR``); ``AML_PARITY_UV_OFFLINE=1`` builds from that cache alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ....file_lock import exclusive
from .interpreters import Interpreter, choose
from .requirements import Requirements

RECORD = "aml-parity-environment.json"
"""Written last into a finished environment: what it holds and how it was built."""
BUILD_TIMEOUT_S = 1800.0
ERROR_LINES = 25


class BuildError(RuntimeError):
    """uv could not build the environment; the message is the resolver's own."""

    def __init__(self, message: str, log_path: Path) -> None:
        super().__init__(message)
        self.log_path = log_path


@dataclass(frozen=True)
class BuiltEnvironment:
    """A ready environment: its interpreter, what it holds and how it came to be."""

    key: str
    folder: Path
    requirements: Requirements
    interpreter_version: str
    packages: tuple[str, ...]
    """``name==version`` of every installed distribution, as ``uv pip freeze`` says."""
    log_path: Path
    build_seconds: float
    reused: bool
    warnings: tuple[str, ...] = ()

    @property
    def python(self) -> Path:
        return self.folder / "bin" / "python"


def uv_binary() -> str:
    """The ``uv`` that ships in its PyPI package (a dependency of aml-parity), else PATH's."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        found = shutil.which("uv")
        if found is None:
            raise BuildError("uv is not installed: `pip install uv` (aml-parity depends on "
                             "it) to build environments.", Path("-")) from None
        return found


class EnvironmentCache:
    """Builds and finds environments under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, requirements: Requirements) -> BuiltEnvironment:
        """The environment for ``requirements``, built now unless the cache has it."""
        interpreter = choose(requirements.python)
        key = requirements.key(interpreter.version)
        folder = self.root / key
        warnings = (*requirements.warnings,
                    *((interpreter.warning,) if interpreter.warning else ()))
        if interpreter.note:
            requirements = requirements.noted(interpreter.note)
        with exclusive(self.root / f"{key}.lock"):
            found = _read_record(folder, requirements, warnings)
            if found is not None:
                return found
            return self._build(requirements, interpreter, key, folder, warnings)

    def _build(self, requirements: Requirements, interpreter: Interpreter, key: str,
               folder: Path, warnings: tuple[str, ...]) -> BuiltEnvironment:
        log_path = self.root / f"{key}.build.log"
        shutil.rmtree(folder, ignore_errors=True)
        started = time.monotonic()
        with open(log_path, "w", encoding="utf-8") as log:
            log.write(f"# requirements (Python {requirements.python or 'not given'}, "
                      f"built with {interpreter.path} {interpreter.version})\n")
            log.write(requirements.requirements_txt())
            for line in (*requirements.notes, *warnings):
                log.write(f"# note: {line}\n")
            log.flush()
            _uv(["venv", "--python", str(interpreter.path), str(folder)], log, log_path)
            if requirements.packages:
                wanted = self.root / f"{key}.requirements.txt"
                wanted.write_text(requirements.requirements_txt())
                _uv(["pip", "install", "--python", str(folder / "bin" / "python"),
                     *(["--offline"] if os.environ.get("AML_PARITY_UV_OFFLINE") == "1" else []),
                     "-r", str(wanted)], log, log_path)
            frozen = _uv(["pip", "freeze", "--python", str(folder / "bin" / "python")], log,
                         log_path)
        packages = tuple(sorted(line.strip() for line in frozen.splitlines()
                                if line.strip() and not line.startswith("#")))
        seconds = time.monotonic() - started
        record = {"key": key, "python": requirements.python,
                  "interpreter": str(interpreter.path),
                  "interpreter_version": interpreter.version,
                  "requirements": list(requirements.packages), "packages": list(packages),
                  "build_seconds": round(seconds, 3)}
        (folder / RECORD).write_text(json.dumps(record, indent=2))
        return BuiltEnvironment(key, folder, requirements, interpreter.version, packages,
                                log_path, seconds, reused=False, warnings=warnings)


def _read_record(folder: Path, requirements: Requirements,
                 warnings: tuple[str, ...]) -> BuiltEnvironment | None:
    try:
        record = json.loads((folder / RECORD).read_text())
    except (OSError, ValueError):
        return None
    if not (folder / "bin" / "python").exists():
        return None
    return BuiltEnvironment(record["key"], folder, requirements, record["interpreter_version"],
                            tuple(record["packages"]), folder.parent / f"{record['key']}.build.log",
                            float(record["build_seconds"]), reused=True, warnings=warnings)


def _uv(arguments: list[str], log: TextIO, log_path: Path) -> str:
    """Run ``uv`` with its output in the build log; its stdout, or BuildError with stderr."""
    command = [uv_binary(), *arguments]
    log.write(f"$ uv {' '.join(arguments)}\n")
    log.flush()
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update({"UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"})
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=BUILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"uv {arguments[0]} took longer than {BUILD_TIMEOUT_S:g} s",
                         log_path) from exc
    log.write(done.stderr)
    log.flush()
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines()
                 if line.strip() and not line.startswith("Using Python")][-ERROR_LINES:]
        raise BuildError("\n".join(lines) or f"uv {arguments[0]} exited {done.returncode}",
                         log_path)
    return done.stdout
