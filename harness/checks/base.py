"""What every kind of evidence is: a `Check` (one module per kind under `harness/checks/`).

A check names its kind (the pytest marker and the `::kind` item), says which scenarios
have it, which side workers it starts and what each runs, how it gathers and judges
evidence, where its evidence is saved, and what the report attaches. The plugin, the
side worker and launcher, the CLI, the cassette commands and every reporter read the
registry (`registry.py`) rather than naming kinds, so a new kind is a new module here
(and its comparator), with its `compare:` block's JSON Schema beside it
(`<module>.schema.json`).
"""

from __future__ import annotations

import inspect
import json
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from ..cassettes.plan import CassettePlan, SideTargets
from ..compare.verdict import Verdict
from ..evidence import EvidenceFolder, ItemEvidence, SideEvidence
from ..scenario import Scenario


class SideBroken(Exception):
    """A side did not complete: the item is BROKEN, not DRIFT.

    `ran` is True when every broken side really ran and failed (a script raised, a
    deployment crashed): the breakage `expect: broken` certifies. A side the
    harness could not start (a bad callable, a missing cassette) is never that.
    """

    def __init__(self, message: str, ran: bool = False) -> None:
        super().__init__(message)
        self.ran = ran


class SideResult(Protocol):
    """What a side worker saves, whatever the kind: done or not, why, and its log."""

    side: str
    status: str
    error: str

    @property
    def done(self) -> bool: ...

    def log_text(self) -> str: ...

    def save(self, path: Path) -> Path: ...


#: Runs one side in the worker process: (scenario, request, run token) -> its result.
SideRunner = Callable[[Scenario, Any, str], SideResult]
#: Where a side runner lives, `module:function`: the worker imports only that (and its
#: SDK), never the checks and their comparators.
RunnerPath = str


@dataclass(frozen=True)
class GatherContext:
    """Where a check's sides run and record, and where its evidence goes."""

    targets: SideTargets
    folder: EvidenceFolder
    plan: CassettePlan | None = None


@dataclass(frozen=True)
class Attachment:
    """Something the report shows beside a comparison: a plot, a document, a text."""

    name: str
    body: str | bytes
    media: str  # "png", "json", "html" or "text"


class Check(ABC):
    """One kind of evidence."""

    #: The kind: item `<scenario>::<name>`, pytest marker, evidence folder, cassette phase.
    name: ClassVar[str]
    #: The marker's help text (`pytest --markers`).
    description: ClassVar[str]
    #: Where items of this kind sort within a scenario (spec first: it needs no workspace).
    order: ClassVar[int]
    #: The Allure epic, when the kind decides it (else the scenario's tags do).
    epic: ClassVar[str | None] = None
    #: Whether items start side workers (each with a cassette).
    starts_sides: ClassVar[bool] = False
    #: Seconds an item may take when the scenario sets no `timeouts.<name>`; None: the kind
    #: has no deadline (and no `timeouts:` key).
    default_timeout: ClassVar[float | None] = None

    @abstractmethod
    def applies(self, scenario: Scenario) -> bool:
        """Whether the scenario has an item of this kind."""

    def compare_keys(self, scenario: Scenario) -> list[str]:
        """The `compare:` blocks this kind judges (differences carry one of them)."""
        return [self.name]

    def schema_fragment(self) -> dict[str, Any]:
        """The JSON Schema of this kind's `compare:` blocks: `<module>.schema.json` beside the
        module, `{"compare": {key: schema}, "$defs": {...}}` (none: no compare block)."""
        path = Path(inspect.getfile(type(self))).with_suffix(".schema.json")
        return read_json(path) or {}

    def side_labels(self, scenario: Scenario) -> list[str]:
        """The side workers an item starts (`v1`, `v2`, noise repeats `v1#2`...)."""
        return []

    def side_runner(self, side: str) -> RunnerPath:
        """The function a side worker runs, as `module:function` (it imports its SDK)."""
        raise NotImplementedError(f"{self.name} items start no side workers")

    def load_side(self, path: Path) -> SideResult:
        """A side's saved result."""
        raise NotImplementedError(f"{self.name} items start no side workers")

    @abstractmethod
    def gather(self, scenario: Scenario, context: GatherContext) -> Any:
        """Produce (and save under `context.folder`) the item's evidence; raise ScenarioError
        or SideBroken when there is none."""

    @abstractmethod
    def judge(self, scenario: Scenario, evidence: Any) -> Verdict:
        """The verdict on gathered (or reloaded) evidence, under the scenario's rules."""

    @abstractmethod
    def load(self, folder: EvidenceFolder) -> Any | None:
        """Evidence a previous session saved (for `rejudge`), or None."""

    def report_evidence(self, folder: EvidenceFolder) -> ItemEvidence:
        """What the report shows of an item's evidence (what is there, if anything)."""
        return ItemEvidence()

    def attachments(self, scenario: Scenario, key: str, evidence: ItemEvidence
                    ) -> list[Attachment]:
        """Extra attachments beside the comparison of `compare.<key>` (plots, diffs...)."""
        return []

    def side_attachments(self, side: str, evidence: ItemEvidence) -> list[Attachment]:
        """What a side built, for kinds without side workers (canonical specs...)."""
        return []

    def describe_side_failure(self, label: str, result: SideResult) -> str:
        """Why a side that ran did not complete, with the end of its log."""
        tail = "\n".join(result.log_text().rstrip().splitlines()[-30:])
        return (f"{label} {self.side_ended} {result.status}: "
                f"{result.error or 'no error message was recorded'}"
                + (f"\n--- last lines of the {label} {self.log_noun} ---\n{tail}" if tail else ""))

    #: How a broken side is told: `v1 run ended Failed: ...`, `v2 deployment Failed: ...`.
    side_ended: ClassVar[str] = "ended"
    log_noun: ClassVar[str] = "log"


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from disk, or None when the file is missing or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def sides_on_disk(folder: EvidenceFolder, known: dict[str, SideEvidence]) -> dict[str, Any]:
    """Side results in the side folders that `known` lacks (a side that broke before the
    item's document was written still shows what it left)."""
    found: dict[str, Any] = {}
    for side_folder in folder.sides():
        name = side_folder.path.name
        data = read_json(side_folder.evidence_file)
        if name not in known and data and "side" in data:
            found[name] = data
    return found
