"""What a side's callable receives besides the workspace handle."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Phase = Literal["spec", "run", "endpoint"]


@dataclass(frozen=True)
class SideContext:
    """The scenario folder, the phase, and unique names for what the side creates.

    `phase` is `spec` when the harness only needs the objects (no workspace
    calls may be made: return unsubmitted configs), `run` or `endpoint` when the
    side runs against a workspace.
    """

    scenario: str
    side: str
    folder: Path
    phase: Phase = "spec"
    run_token: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def experiment_name(self) -> str:
        """One experiment per scenario, shared by both sides so they sit side by side."""
        return _safe(f"parity-{self.scenario}")

    @property
    def run_name(self) -> str:
        """The v1 run id and v2 job name the harness submits under.

        Derived from `run_token`, which a replay reads back from the cassette, so a
        replayed side asks for the same run it recorded.
        """
        return f"{self.experiment_name}_{self.side}_{self.run_token}"

    def unique_name(self, stem: str) -> str:
        """A name no other run of this scenario or side uses (for models, endpoints, jobs)."""
        return _safe(f"{stem}-{self.side}-{self.run_token}")[:32].rstrip("-")

    def path(self, relative: str) -> Path:
        """A file inside the scenario folder."""
        return self.folder / relative


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-").lower()
