"""Kinds whose evidence comes from side workers: both sides (and noise repeats) at once.

Each side runs in its own process (`harness/sides/worker.py`), recording or replaying its
own cassette; a side that did not complete makes the item BROKEN with the side's own
error and the end of its log. The sides' results are assembled into the item's evidence
and saved as `<kind>.json`, which is what `rejudge` and the report read back.
"""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from ..evidence import EvidenceFolder, ItemEvidence
from ..scenario import Scenario
from ..sides.launch import DEFAULT_TIMEOUT_S, SideOutcome, run_sides
from .base import Check, GatherContext, SideBroken, SideResult, read_json, sides_on_disk


class SidedCheck(Check):
    """A check that starts side workers; subclasses say how to assemble their results."""

    #: The class a side worker saves (`SideEvidence`, `EndpointEvidence`, ...).
    side_result: ClassVar[Any]
    starts_sides = True
    default_timeout = DEFAULT_TIMEOUT_S

    def side_labels(self, scenario: Scenario) -> list[str]:
        return ["v1", "v2"]

    def load_side(self, path: Path) -> SideResult:
        result: SideResult = self.side_result.load(path)
        return result

    def gather(self, scenario: Scenario, context: GatherContext) -> Any:
        outcomes = run_sides(scenario, self, context)
        broken = [o for o in outcomes.values() if not o.done]
        if broken:
            raise SideBroken("\n\n".join(self._why(o) for o in broken),
                             ran=all(not o.failure for o in broken))
        evidence = self.assemble(scenario, {label: o.result for label, o in outcomes.items()})
        evidence.save(context.folder)
        return evidence

    @abstractmethod
    def assemble(self, scenario: Scenario, results: dict[str, Any]) -> Any:
        """The item's evidence from every side's result (all of them completed)."""

    def report_evidence(self, folder: EvidenceFolder) -> ItemEvidence:
        """Both sides (and repeats) from `<kind>.json`, or from the side folders when the
        item broke before it was written."""
        found = ItemEvidence()
        document = read_json(folder.document) or {}
        for label, data in self.side_documents(document).items():
            found.sides[label] = self.side_result.from_dict(data)
        for label, data in sides_on_disk(folder, found.sides).items():
            found.sides[label] = self.side_result.from_dict(data)
        return found

    def side_documents(self, document: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Each side's part of the saved item document, by side folder name."""
        return {side: document[side] for side in ("v1", "v2")
                if isinstance(document.get(side), dict) and "side" in document[side]}

    def _why(self, outcome: SideOutcome) -> str:
        if outcome.failure:
            why = outcome.failure
        elif outcome.result is None:
            why = f"{outcome.label} left no evidence"
        else:
            why = self.describe_side_failure(outcome.label, outcome.result)
        return f"{why}\n{outcome.cassette_note}" if outcome.cassette_note else why
