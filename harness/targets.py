"""Where sides run: the local workspace or a real Azure workspace; only configuration differs."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .redact import Redactor

#: Variables a replay must not inherit: proxies would route nowhere, CA bundles may
#: not exist on this machine (requests checks them before vcrpy answers), and a
#: user's own Azure identity must never be what answers a replay.
REPLAY_DROPPED = (
    "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
    "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE", "AZURE_FEDERATED_TOKEN_FILE",
    "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME", "AZURE_PASSWORD", "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "AML_PARITY_WORKSPACE_DIR",
    "MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN",
)
#: Placeholder service principal: both SDKs make their usual token request with it,
#: and the cassette answers (the token request body is never compared).
REPLAY_CREDENTIALS = {
    "AZURE_TENANT_ID": "00000000-0000-0000-0000-0000000000aa",
    "AZURE_CLIENT_ID": "00000000-0000-0000-0000-0000000000bb",
    "AZURE_CLIENT_SECRET": "replay-placeholder-not-a-secret",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "true",
    "AZUREML_LOG_DEPRECATION_WARNING_ENABLED": "false",
}


@dataclass
class Target:
    """A workspace sides can reach: its `config.json` and the environment a client needs."""

    name: str
    config_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    handle: Any = None
    #: This machine's folders that sides must keep out of cassettes (see cassettes/host.py).
    host_paths: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {**os.environ, **self.extra_env}

    def workspace_config(self, meta: dict[str, Any] | None = None) -> Path:
        """The config.json a side opens; a live target has one, whatever the cassette says."""
        return self.config_path

    def teach(self, redactor: Redactor) -> None:
        """Tell the redactor this target's credentials (its own environment's, its keys)."""
        redactor.learn_environment(self.env())
        for value in getattr(getattr(self.handle, "settings", None), "secrets", ()):
            redactor.learn(value)

    def stopped(self) -> str:
        """Why this target can no longer be reached ("" while it can): a local workspace
        whose server died says so, with its pid and log, instead of a side's ProxyError."""
        stopped = getattr(self.handle, "stopped", None)
        return str(stopped()) if callable(stopped) else ""

    def release(self) -> None:
        if self.handle is not None:
            self.handle.release()
            self.handle = None


@dataclass
class ReplayTarget(Target):
    """Cassettes answer everything: no workspace, no proxy, placeholder credentials.

    Its config.json is written per cassette from the workspace the cassette was
    recorded against, so the SDKs build the same URLs they recorded.
    """

    def env(self) -> dict[str, str]:
        kept = {k: v for k, v in os.environ.items() if k not in REPLAY_DROPPED}
        return {**kept, **REPLAY_CREDENTIALS, "NO_PROXY": "", "no_proxy": ""}

    def workspace_config(self, meta: dict[str, Any] | None = None) -> Path:
        workspace = dict((meta or {}).get("workspace") or {})
        identity = {k: str(workspace.get(k) or "") for k in
                    ("subscription_id", "resource_group", "workspace_name")}
        name = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
        path = self.config_path / name / "config.json"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(identity, indent=2) + "\n", encoding="utf-8")
            temporary.replace(path)
        return path


def replay_target(root: Path) -> Target:
    """The target of replay-only sides; `config_path` is the folder of per-cassette configs."""
    return ReplayTarget("replay", root / ".aml-parity" / "replay", host_paths=_host_paths(root))


def local_target(root: Path, build_environments: bool = False) -> Target:
    """Start (or join, across xdist workers) the local workspace kept under `root`.

    `build_environments` reaches the server as `AML_PARITY_BUILD_ENVIRONMENTS=1` (it then
    builds each job's declared environment, as the workspace setting does); a server that
    was already running keeps what it was started with.
    """
    from .workspace import runtime
    from .workspace.executor.environments.runtime import BUILD_VARIABLE

    if build_environments:
        os.environ[BUILD_VARIABLE] = "1"
    folder = Path(os.environ.get("AML_PARITY_WORKSPACE_DIR") or root / ".aml-parity" / "workspace")
    workspace = runtime.start(folder)
    return Target("local", workspace.config_path, workspace.env(), workspace,
                  _host_paths(root, workspace=folder))


def azure_target(config: Path | None, root: Path) -> Target:
    """A real workspace named by `--parity-workspace` or a `config.json` at the root."""
    path = config or root / "config.json"
    if not path.is_file():
        raise pytest.UsageError(
            f"--parity-target=azure needs a workspace config.json; none at {path}. Download it "
            "from the Azure ML studio (workspace > Download config.json) and pass "
            "--parity-workspace PATH."
        )
    return Target("azure", path.resolve(), host_paths=_host_paths(root))


def _host_paths(root: Path, workspace: Path | None = None) -> dict[str, str]:
    """The checkout, the local workspace's folder and the user's HOME, by placeholder name."""
    paths = {"checkout": str(root.resolve()), "home": str(Path.home())}
    if workspace is not None:
        from .workspace.executor.environments.runtime import cache_root_of

        paths["workspace-dir"] = str(workspace.resolve())
        paths["environments-dir"] = str(cache_root_of(workspace.resolve()))
    return paths
