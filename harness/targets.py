"""Where sides run: the local workspace or a real Azure workspace; only configuration differs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Target:
    """A workspace sides can reach: its `config.json` and the environment a client needs."""

    name: str
    config_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    handle: Any = None

    def env(self) -> dict[str, str]:
        return {**os.environ, **self.extra_env}

    def release(self) -> None:
        if self.handle is not None:
            self.handle.release()
            self.handle = None


def local_target(root: Path) -> Target:
    """Start (or join, across xdist workers) the local workspace kept under `root`."""
    from .workspace import runtime

    folder = Path(os.environ.get("AML_PARITY_WORKSPACE_DIR") or root / ".aml-parity" / "workspace")
    workspace = runtime.start(folder)
    return Target("local", workspace.config_path, workspace.env(), workspace)


def azure_target(config: Path | None, root: Path) -> Target:
    """A real workspace named by `--parity-workspace` or a `config.json` at the root."""
    path = config or root / "config.json"
    if not path.is_file():
        raise pytest.UsageError(
            f"--parity-target=azure needs a workspace config.json; none at {path}. Download it "
            "from the Azure ML studio (workspace > Download config.json) and pass "
            "--parity-workspace PATH."
        )
    return Target("azure", path.resolve())
