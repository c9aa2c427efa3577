"""The validated, typed form of a scenario file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SideName = Literal["v1", "v2"]


@dataclass(frozen=True)
class Side:
    """How one side of a scenario is produced: a Python callable and/or CLI v2 YAML files."""

    name: SideName
    callable: str | None = None
    yaml_files: dict[str, Path] = field(default_factory=dict)
    python: str | None = None

    @property
    def callable_file(self) -> str | None:
        return self.callable.split(":", 1)[0] if self.callable else None

    @property
    def callable_function(self) -> str | None:
        return self.callable.split(":", 1)[1] if self.callable else None

    def describe(self) -> str:
        parts = [self.callable] if self.callable else []
        parts += [f"{kind}: {path.name}" for kind, path in self.yaml_files.items()]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Scenario:
    """A v1 workflow, its v2 equivalent, and the rules that decide whether they agree."""

    name: str
    path: Path
    v1: Side
    v2: Side
    description: str = ""
    owner: str = ""
    severity: str = "normal"
    tags: tuple[str, ...] = ()
    expect: str | dict[str, str] = "parity"
    timeouts: dict[str, float] = field(default_factory=dict)
    compare: dict[str, Any] = field(default_factory=dict)
    noise: dict[str, Any] = field(default_factory=dict)

    def expect_for(self, evidence: str) -> str:
        """`parity` or `drift` for one kind of evidence (`expect` may be set per kind)."""
        if isinstance(self.expect, dict):
            return self.expect.get(evidence, "parity")
        return self.expect

    @property
    def expects_drift(self) -> bool:
        return "drift" in (self.expect.values() if isinstance(self.expect, dict) else [self.expect])

    @property
    def folder(self) -> Path:
        return self.path.parent

    def side(self, name: SideName) -> Side:
        return self.v1 if name == "v1" else self.v2

    @property
    def spec_rules(self) -> dict[str, Any]:
        return self.compare.get("spec") or {}

    @property
    def evidence(self) -> list[str]:
        """Which items this scenario produces, in the order they run: each kind of evidence
        (`harness/checks/`) whose check applies to it."""
        from ..checks.registry import checks  # the checks read scenarios: import late

        return [check.name for check in checks() if check.applies(self)]
