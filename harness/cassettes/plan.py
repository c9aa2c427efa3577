"""Per side: which cassette, whether it only replays, and which target it therefore needs.

A side that only replays (record mode `none`, or `once` with its cassette
present) runs against the replay target: no workspace, no proxy, placeholder
credentials. A side that records needs a live target (the local workspace
or Azure), which is started only then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .meta import cassette_path, replays_only

if TYPE_CHECKING:
    from ..targets import Target


@dataclass(frozen=True)
class CassettePlan:
    """The cassette folder and vcrpy record mode of a session."""

    root: Path
    record_mode: str

    def path(self, scenario: str, label: str, phase: str = "run") -> Path:
        return cassette_path(self.root, scenario, label, phase)

    def replays_only(self, path: Path) -> bool:
        return replays_only(self.record_mode, path)

    def missing(self, path: Path) -> bool:
        """A replay-only session with no cassette for this side: nothing can answer it."""
        return self.record_mode == "none" and not path.is_file()


def missing_cassette_message(scenario: str, label: str, path: Path, scenario_arg: str) -> str:
    """BROKEN text for a side with no cassette under `--record-mode=none`."""
    return (
        f"{scenario} {label}: no cassette at {path}, and --record-mode=none only replays. "
        f"Record it against the local workspace with: pytest {scenario_arg} --record-mode=once "
        "(add --parity-target=azure --parity-workspace config.json to record against Azure), "
        "then commit the cassettes folder."
    )


@dataclass
class SideTargets:
    """Where sides run: `live()` starts a workspace on first use, `replay()` never does."""

    live: Callable[[], Target]
    replay: Callable[[], Target]
