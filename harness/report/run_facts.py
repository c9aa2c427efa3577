"""What a run was made with (SDK versions, Python, target, workspace), for every reporter.

Allure's environment widget, the certificate and the JUnit global properties all state
the same facts; collecting them in one place keeps them from disagreeing. `SessionStamp`
names the session itself, so results kept from earlier sessions can say which one.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import uuid
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

#: The distributions whose versions decide whether a certificate still holds.
SDK_DISTRIBUTIONS = ("azureml-core", "azure-ai-ml", "azureml-mlflow", "mlflow-skinny")


@dataclass(frozen=True)
class RunFacts:
    """The facts about one pytest session that reporters print next to the verdicts."""

    target: str
    record_mode: str
    workspace: str
    sdk: dict[str, str] = field(default_factory=dict)
    python: str = field(default_factory=platform.python_version)

    @classmethod
    def gather(cls, target: str, record_mode: str, workspace_config: Path | None) -> RunFacts:
        return cls(target, record_mode, describe_workspace(target, workspace_config),
                   sdk_versions())

    def as_properties(self) -> dict[str, str]:
        """Flat `name -> text` pairs, the shape of environment.properties and JUnit properties."""
        props = {
            "target": self.target,
            "record_mode": self.record_mode,
            "workspace": self.workspace,
            "python": self.python,
        }
        props.update({f"sdk.{name}": version for name, version in self.sdk.items()})
        return props

    def to_dict(self) -> dict[str, object]:
        return {"target": self.target, "record_mode": self.record_mode,
                "workspace": self.workspace, "python": self.python, "sdk": dict(self.sdk)}


@dataclass(frozen=True)
class SessionStamp:
    """Which pytest session produced a result: an id, and when it started (UTC, ISO 8601)."""

    id: str
    started: str

    @classmethod
    def new(cls) -> SessionStamp:
        """The id reads as the start time plus a short suffix (a long random hex string would
        look like a secret to the scanners that check reports)."""
        now = dt.datetime.now(dt.timezone.utc)
        return cls(f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:4]}",
                   now.isoformat(timespec="seconds"))

    @classmethod
    def from_dict(cls, data: object, fallback_started: str = "") -> SessionStamp:
        """A stamp read back from a report file; one written before stamps existed is ""."""
        found = data if isinstance(data, dict) else {}
        return cls(str(found.get("id", "")), str(found.get("started") or fallback_started))

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "started": self.started}

    @property
    def shown(self) -> str:
        """`the session of 2026-12-04 10:31` in local time, as a person says it."""
        try:
            when = dt.datetime.fromisoformat(self.started).astimezone()
        except ValueError:
            return "an earlier session"
        return f"the session of {when:%Y-%m-%d %H:%M}"


def sdk_versions() -> dict[str, str]:
    """Installed versions of both SDKs; `absent` rather than an error for a missing one."""
    found = {}
    for name in SDK_DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def describe_workspace(target: str, workspace_config: Path | None) -> str:
    """`subscription/resource group/workspace` from config.json, or the local workspace."""
    if target == "local":
        return "local workspace (harness/workspace)"
    path = workspace_config or Path("config.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"azure ({path})"
    parts = [data.get(k, "?") for k in ("subscription_id", "resource_group", "workspace_name")]
    return "/".join(str(p) for p in parts)
