"""One ``azmlinfsrv`` process: start it, wait until it answers ``GET /``, stop it.

The real server (azureml-inference-server-http) runs gunicorn, whose master binds the
port before the worker has imported the entry script and run ``init()``; a failing
``init()`` makes the worker exit with code 3 and the master shut down. So readiness is
"``GET /`` answers 200" and failure is "the process ended first".
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

READY_TIMEOUT_S = 120.0
STOP_GRACE_S = 5.0
_PROBE_TIMEOUT_S = 1.0
# Variables of the workspace server that must not leak into a deployment's process.
_DROPPED_PREFIXES = ("AZUREML_", "AML_", "AZURE_", "MLFLOW_", "GUNICORN_")


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(entry_script: Path, port: int, python: Path | None = None) -> list[str]:
    """``azmlinfsrv --entry_script ... --port ...`` from ``python``'s environment (a built
    one), else this interpreter's."""
    if python is not None:
        script = python.parent / "azmlinfsrv"
        launcher = [str(script)] if script.exists() else [
            str(python), "-m", "azureml_inference_server_http"]
        return [*launcher, "--entry_script", str(entry_script), "--port", str(port)]
    script = Path(sys.executable).parent / "azmlinfsrv"
    launcher = [str(script)] if script.exists() else (
        [found] if (found := shutil.which("azmlinfsrv")) else
        [sys.executable, "-m", "azureml_inference_server_http"])
    return [*launcher, "--entry_script", str(entry_script), "--port", str(port)]


def base_env(overrides: dict[str, str]) -> dict[str, str]:
    """The server's environment minus Azure ML variables, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    env.update(overrides)
    return env


@dataclass
class ScoringProcess:
    """A started ``azmlinfsrv``; ``popen`` is its gunicorn master (own process group)."""

    popen: subprocess.Popen[bytes]
    port: int
    log_path: Path
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def start(cls, entry_script: Path, cwd: Path, env: dict[str, str], log_path: Path,
              port: int | None = None, python: Path | None = None) -> ScoringProcess:
        port = port or free_port()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log:
            log.write(f"--- aml-parity: starting azmlinfsrv on port {port} ---\n".encode())
            log.flush()
            popen = subprocess.Popen(server_command(entry_script, port, python), cwd=cwd, env=env,
                                     stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        return cls(popen, port, log_path)

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def healthy(self) -> bool:
        """True when ``GET /`` answers 200 (the server's liveness route)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=_PROBE_TIMEOUT_S)
        try:
            connection.request("GET", "/")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> bool:
        """Block until healthy (True) or until the process ends or time runs out (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                return False
            if self.healthy():
                return self.alive
            time.sleep(0.1)
        return False

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """SIGTERM the process group (master and worker), SIGKILL after ``grace``."""
        stop_groups([self.popen.pid], grace)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=grace)


def stop_group(pid: int, grace: float = STOP_GRACE_S) -> None:
    """End the process group led by ``pid``, politely first."""
    stop_groups([pid], grace)


def stop_groups(pids: list[int], grace: float = STOP_GRACE_S) -> None:
    """End several process groups at once: SIGTERM all, wait together, SIGKILL the rest.

    gunicorn takes a second or two to stop; stopping servers one after another could
    outlast the time ``runtime.stop`` gives the workspace server before killing it.
    """
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_group_alive(pid) for pid in pids):
        time.sleep(0.05)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def _group_alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap our own child so it stops counting as alive
    try:
        os.killpg(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def is_scoring_process(pid: int, marker: str) -> bool:
    """True when ``pid`` runs azmlinfsrv for ``marker`` (a path in its command line)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    launcher = "azmlinfsrv" in cmdline or "azureml_inference_server_http" in cmdline
    return launcher and marker in cmdline
