"""Where evidence lies on disk: every path and file name under `reports/evidence`, in one place.

    <reports>/evidence/<scenario>/<kind>/            EvidenceFolder (one item)
        <kind>.json                                   the item's saved evidence
        sides/<label>/                                SideFolder (one side worker)
            <side>.request.json  <side>.json          what it was asked, what it produced
            <side>.failure.json  <side>.stderr.txt    why it produced nothing, its output
            <side>.submitted.json  <side>/  home/     the run it submitted, its files, HOME

The checks write these, the side worker and launcher use the side files, and every
reporter (Allure, certificate, progress, summary) and `rejudge` read them through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EVIDENCE = "evidence"
SIDES = "sides"


def _side_file(suffix: str, doc: str) -> property:
    """A property naming `<folder>/<side><suffix>`."""
    return property(lambda self: self.path / f"{self.side}{suffix}", doc=doc)


@dataclass(frozen=True)
class SideFolder:
    """One side worker's folder: `v1`, `v2`, or a noise repeat `v1-2`."""

    path: Path

    @property
    def label(self) -> str:
        """`v1#2` for the folder `v1-2` (the label the checks and cassettes use)."""
        side, _, repeat = self.path.name.partition("-")
        return f"{side}#{repeat}" if repeat else side

    @property
    def side(self) -> str:
        return self.path.name.split("-", 1)[0]

    request_file = _side_file(".request.json", "What the worker was asked to do.")
    evidence_file = _side_file(".json", "What the side produced.")
    failure_file = _side_file(".failure.json", "Why the side produced nothing.")
    output_file = _side_file(".stderr.txt", "The worker's stdout and stderr together.")
    submitted_file = _side_file(".submitted.json", "The run the side submitted (to cancel).")

    @property
    def files_dir(self) -> Path:
        """Files the side downloaded (outputs, logs, metric artifacts)."""
        return self.path / self.side

    @property
    def home(self) -> Path:
        """The side's private HOME while it runs (removed afterwards)."""
        return self.path / "home"


@dataclass(frozen=True)
class EvidenceFolder:
    """One item's folder: `<reports>/evidence/<scenario>/<kind>`."""

    reports: Path
    scenario: str
    kind: str

    @property
    def path(self) -> Path:
        return self.reports / EVIDENCE / self.scenario / self.kind

    @property
    def document(self) -> Path:
        """The item's saved evidence: `spec.json`, `run.json`, `endpoint.json`..."""
        return self.path / f"{self.kind}.json"

    @property
    def sides_dir(self) -> Path:
        return self.path / SIDES

    def side(self, label: str) -> SideFolder:
        """The folder of side `v1`, `v2` or noise repeat `v1#2` (folder `v1-2`)."""
        return SideFolder(self.sides_dir / label.replace("#", "-"))

    def sides(self) -> list[SideFolder]:
        """The side folders present, in name order."""
        if not self.sides_dir.is_dir():
            return []
        return [SideFolder(p) for p in sorted(self.sides_dir.iterdir()) if p.is_dir()]

    def relative(self) -> str:
        """`evidence/<scenario>/<kind>`: how reports link to it from the reports folder."""
        return f"{EVIDENCE}/{self.scenario}/{self.kind}"
