"""Start, find, share and stop local workspace servers, and give clients their environment.

Typical use (a pytest fixture, a CLI command, a demo)::

    from harness.workspace import runtime
    ws = runtime.start(".aml-parity/workspace")    # starts or reuses the folder's server
    subprocess.run(cmd, env={**os.environ, **ws.env()})
    ws.release()                                    # stops it when no other user is left

One server serves one folder. ``start`` takes an ``fcntl`` lock on ``server.lock``,
reuses a live server announced in ``server.json`` (checked with a health request that must
name the same folder), or launches ``python -m harness.workspace serve`` in the
background and waits for its ready file and health answer. Each caller holds a lease
(``leases/<pid>``); ``release`` drops it and stops the server once no live process holds
one, so several pytest-xdist workers share ONE server and the last one out stops it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..file_lock import exclusive
from .server import HEALTH_PATH, SERVER_FILE
from .settings import Settings, load_or_create
from .tls import CA_CERT_FILE

DIR_ENV = "AML_PARITY_WORKSPACE_DIR"
DEFAULT_DIR = Path(".aml-parity") / "workspace"
LOCK_FILE = "server.lock"
LEASE_DIR = "leases"
LOG_FILE = "server.log"
CONFIG_FILE = "config.json"
HOME_DIR = "home"
AZURE_SUFFIXES = ("azure.com", "windows.net", "microsoftonline.com", "azureml.ms",
                  "azurecontainer.io", "microsoft.com", "azure.net", "azureml.net",
                  "visualstudio.com")


class WorkspaceError(RuntimeError):
    """The local workspace could not be started or found; the message says what to do."""


def default_directory() -> Path:
    """``$AML_PARITY_WORKSPACE_DIR``, else ``.aml-parity/workspace`` in the current folder."""
    return Path(os.environ.get(DIR_ENV) or DEFAULT_DIR).resolve()


def _locked(directory: Path) -> contextlib.AbstractContextManager[None]:
    return exclusive(directory / LOCK_FILE)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running(pid: int) -> bool:
    """Alive and not a zombie (a server that died stays one until its parent reaps it)."""
    if not _pid_alive(pid):
        return False
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def _health(port: int, timeout: float = 2.0) -> dict[str, Any] | None:
    """The health answer of a server on ``port``, bypassing any proxy settings."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=timeout) as answer:
            health: dict[str, Any] = json.loads(answer.read())
            return health
    except (OSError, ValueError, urllib.error.URLError):
        return None


def bypassing_no_proxy(environ: Mapping[str, str]) -> list[str]:
    """Entries of NO_PROXY/no_proxy that would send Azure traffic around the local proxy."""
    found: list[str] = []
    for name in ("NO_PROXY", "no_proxy"):
        for entry in (environ.get(name) or "").split(","):
            entry = entry.strip().lower()
            if not entry or entry in found:
                continue
            bare = entry.lstrip("*.")
            if entry == "*" or any(s == bare or s.endswith("." + bare) or bare.endswith(s)
                                   for s in AZURE_SUFFIXES):
                found.append(entry)
    return found


def warn_about_no_proxy(environ: Mapping[str, str] | None = None, *,
                        emit: bool = True) -> str | None:
    """The warning (also emitted, unless ``emit=False``) when NO_PROXY bypasses the workspace."""
    entries = bypassing_no_proxy(os.environ if environ is None else environ)
    if not entries:
        return None
    message = (
        f"NO_PROXY contains {', '.join(entries)}: a process that keeps this value would send "
        "Azure requests around the aml-parity local workspace (to the real Azure, or fail). "
        "Use the environment from `aml-parity workspace env` / LocalWorkspace.env(), which "
        "sets NO_PROXY=127.0.0.1, and do not re-add Azure domains to it."
    )
    if emit:
        warnings.warn(message, stacklevel=3)
    return message


@dataclass(frozen=True)
class LocalWorkspace:
    """A running local workspace server: where it is and how clients reach it."""

    directory: Path
    port: int
    pid: int
    settings: Settings

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_bundle(self) -> Path:
        return self.directory / CA_CERT_FILE

    @property
    def home(self) -> Path:
        return self.directory / HOME_DIR

    @property
    def config_path(self) -> Path:
        return self.directory / CONFIG_FILE

    @property
    def log_path(self) -> Path:
        return self.directory / LOG_FILE

    def stopped(self) -> str:
        """Why clients get "Connection refused" ("" while the server runs): for side messages."""
        if _running(self.pid):
            return ""
        return (f"the local workspace stopped (pid {self.pid}) while this side ran; see "
                f"{self.log_path} for why. Run the scenario again: the next pytest run starts "
                "a new local workspace.")

    def env(self) -> dict[str, str]:
        """Variables that point unmodified SDKs (v1, v2, MLflow, requests, urllib) here."""
        s = self.settings
        ca = str(self.ca_bundle)
        return {
            "HTTPS_PROXY": self.proxy_url,
            "https_proxy": self.proxy_url,
            "HTTP_PROXY": self.proxy_url,
            "http_proxy": self.proxy_url,
            "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1",
            "REQUESTS_CA_BUNDLE": ca,
            "SSL_CERT_FILE": ca,
            "CURL_CA_BUNDLE": ca,
            "HOME": str(self.home),
            "AZURE_CONFIG_DIR": str(self.home / ".azure"),
            "AZURE_TENANT_ID": s.tenant_id,
            "AZURE_CLIENT_ID": s.client_id,
            "AZURE_CLIENT_SECRET": s.client_secret,
            "AZURE_SUBSCRIPTION_ID": s.subscription_id,
            "MLFLOW_DISABLE_TELEMETRY": "true",
            "DO_NOT_TRACK": "true",
            "AZUREML_LOG_DEPRECATION_WARNING_ENABLED": "false",
            DIR_ENV: str(self.directory),
        }

    def release(self) -> None:
        """Drop this process's lease; stop the server if no live process holds one."""
        with _locked(self.directory):
            (self.directory / LEASE_DIR / str(os.getpid())).unlink(missing_ok=True)
            if not _live_leases(self.directory):
                _stop_locked(self.directory)

    def stop(self) -> None:
        """Stop the server now, whoever else uses it."""
        stop(self.directory)


def hold_lease(directory: Path, pid: int | None = None) -> None:
    """Record that process ``pid`` uses the folder's server (so ``release`` keeps it)."""
    (directory / LEASE_DIR).mkdir(parents=True, exist_ok=True)
    (directory / LEASE_DIR / str(pid or os.getpid())).touch()


def _live_leases(directory: Path) -> list[int]:
    folder = directory / LEASE_DIR
    live = []
    for lease in folder.glob("*") if folder.exists() else []:
        pid = int(lease.name) if lease.name.isdigit() else -1
        if pid > 0 and _pid_alive(pid):
            live.append(pid)
        else:
            lease.unlink(missing_ok=True)
    return live


def _announced(directory: Path) -> dict[str, Any] | None:
    """The ``server.json`` of a live server serving ``directory``, or None."""
    try:
        info: dict[str, Any] = json.loads((directory / SERVER_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not _pid_alive(int(info.get("pid", -1))):
        return None
    health = _health(int(info["port"]))
    if health is None or health.get("directory") != str(directory):
        return None
    return info


def write_client_config(directory: Path, settings: Settings) -> Path:
    """``config.json`` for ``Workspace.from_config()`` and ``MLClient.from_config()``."""
    path = directory / CONFIG_FILE
    path.write_text(json.dumps({"subscription_id": settings.subscription_id,
                                "resource_group": settings.resource_group,
                                "workspace_name": settings.workspace_name}, indent=2) + "\n")
    return path


def _launch(directory: Path, port: int, log_calls: Path | None, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "harness.workspace", "serve", "--managed",
               "--dir", str(directory), "--port", str(port)]
    if log_calls is not None:
        command += ["--log-calls", str(log_calls)]
    (directory / SERVER_FILE).unlink(missing_ok=True)
    project_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, [project_root,
                                                       os.environ.get("PYTHONPATH")]))}
    with open(directory / LOG_FILE, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WorkspaceError(
                f"the local workspace server exited with code {process.returncode} while "
                f"starting; see {directory / LOG_FILE}")
        info = _announced(directory)
        if info is not None and info.get("pid") == process.pid:
            return info
        time.sleep(0.02)
    process.terminate()
    raise WorkspaceError(f"the local workspace server did not become ready within {timeout}s; "
                         f"see {directory / LOG_FILE}")


def start(directory: str | Path | None = None, *, port: int = 0,
          log_calls: str | Path | None = None, timeout: float = 30.0) -> LocalWorkspace:
    """Start (or reuse) the server for ``directory`` and take a lease on it."""
    folder = Path(directory).resolve() if directory else default_directory()
    warn_about_no_proxy()
    with _locked(folder):
        settings = load_or_create(folder)
        info = _announced(folder)
        if info is None:
            info = _launch(folder, port, Path(log_calls).resolve() if log_calls else None,
                           timeout)
        write_client_config(folder, settings)
        prepare_home(folder / HOME_DIR)
        hold_lease(folder)
        return LocalWorkspace(folder, int(info["port"]), int(info["pid"]), settings)


def prepare_home(home: Path) -> None:
    """The isolated HOME clients get (`workspace env`): `.azure` for az and azure-identity,
    and `.azureml`, where azureml-core keeps its `.discovery` cache; without that folder
    every v1 call warns "Could not write to .discovery cache"."""
    for cache in (".azure", ".azureml"):
        (home / cache).mkdir(parents=True, exist_ok=True)


def running(directory: str | Path | None = None) -> LocalWorkspace | None:
    """The live server for ``directory``, without starting one or taking a lease."""
    folder = Path(directory).resolve() if directory else default_directory()
    info = _announced(folder)
    if info is None:
        return None
    return LocalWorkspace(folder, int(info["port"]), int(info["pid"]), load_or_create(folder))


def _stop_locked(directory: Path, timeout: float = 10.0) -> bool:
    info = _announced(directory)
    if info is None:
        return False
    pid = int(info["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid_alive(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.02)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    (directory / SERVER_FILE).unlink(missing_ok=True)
    return True


def stop(directory: str | Path | None = None) -> bool:
    """Stop the folder's server if one runs; True when one was stopped."""
    folder = Path(directory).resolve() if directory else default_directory()
    with _locked(folder):
        stopped = _stop_locked(folder)
        for lease in (folder / LEASE_DIR).glob("*") if (folder / LEASE_DIR).exists() else []:
            lease.unlink(missing_ok=True)
        return stopped
