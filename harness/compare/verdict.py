"""The records every comparator returns and every reporter reads.

Comparators never print or raise on a mismatch: they return `Difference`s, and
the verdict is computed from them in one place so that terminal output, Allure
and the certificate can never disagree about what was found.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

#: The user property an item's verdict travels in: through xdist to the controller, to
#: JUnit XML, and to every reporter (`recorded_verdict` reads it back).
VERDICT_PROPERTY = "aml_parity_verdict"


class Outcome(str, enum.Enum):
    """What a scenario item concluded."""

    PASS = "PASS"
    DRIFT = "DRIFT"
    BROKEN = "BROKEN"


@dataclass(frozen=True)
class Difference:
    """One place where the v1 and v2 evidence disagree.

    `path` is a dotted location inside the evidence kind (e.g. `job.command[3]`),
    `tolerance` is a human-readable description of what was allowed, and
    `severity` is `error` for differences that break parity and `warning` for
    ones that are reported but do not fail (e.g. `0.1` vs `0.10` as text).
    """

    evidence: str
    path: str
    v1: Any
    v2: Any
    tolerance: str = ""
    note: str = ""
    severity: str = "error"
    noise: bool = False

    @property
    def breaks_parity(self) -> bool:
        return self.severity == "error" and not self.noise

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Verdict:
    """The outcome of one scenario item and the differences behind it."""

    scenario: str
    evidence: str
    outcome: Outcome
    differences: list[Difference] = field(default_factory=list)
    expect: str = "parity"
    error: str = ""
    #: for BROKEN: "run" when the sides ran and failed, "harness" when one never ran
    broken_by: str = ""

    @classmethod
    def from_differences(
        cls, scenario: str, evidence: str, differences: list[Difference], expect: str = "parity"
    ) -> Verdict:
        drift = any(d.breaks_parity for d in differences)
        outcome = Outcome.DRIFT if drift else Outcome.PASS
        return cls(scenario, evidence, outcome, list(differences), expect)

    @classmethod
    def broken(cls, scenario: str, evidence: str, error: str, expect: str = "parity", *,
               ran: bool = False) -> Verdict:
        """No evidence: BROKEN, blamed on the sides when they ran and failed (`ran`), else on
        the harness (a bad callable, a missing cassette). Only the first is a breakage
        `expect: broken` can certify."""
        return cls(scenario, evidence, Outcome.BROKEN, [], expect, error,
                   "run" if ran else "harness")

    @property
    def certifies_breakage(self) -> bool:
        """A breakage the scenario declared (`expect: broken`) and the sides really showed."""
        return self.outcome is Outcome.BROKEN and self.expect == "broken" and \
            self.broken_by == "run"

    @property
    def blocking(self) -> list[Difference]:
        return [d for d in self.differences if d.breaks_parity]

    @property
    def warnings(self) -> list[Difference]:
        return [d for d in self.differences if not d.breaks_parity]

    @property
    def flagged(self) -> list[Difference]:
        """The differences reported as warnings (a typo'd ignore pattern, `0.1` vs `0.10`):
        shown for passing items too, unlike what a tolerance or learned noise absorbed."""
        return [d for d in self.differences if d.severity == "warning"]

    @property
    def meets_expectation(self) -> bool:
        """True when the item should pass: parity found, or the drift or breakage expected."""
        if self.expect == "broken":
            return self.certifies_breakage
        if self.outcome is Outcome.BROKEN:
            return False
        if self.expect == "drift":
            return self.outcome is Outcome.DRIFT
        return self.outcome is Outcome.PASS

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            data["scenario"],
            data["evidence"],
            Outcome(data["outcome"]),
            [Difference(**d) for d in data.get("differences", [])],
            data.get("expect", "parity"),
            data.get("error", ""),
            data.get("broken_by", ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "evidence": self.evidence,
            "outcome": self.outcome.value,
            "expect": self.expect,
            "error": self.error,
            "broken_by": self.broken_by,
            "differences": [d.to_dict() for d in self.differences],
        }


def verdict_property(verdict: Verdict) -> tuple[str, str]:
    """The (name, value) user property that carries a verdict."""
    return VERDICT_PROPERTY, json.dumps(verdict.to_dict())


def recorded_verdict(properties: Iterable[tuple[str, object]]) -> Verdict | None:
    """The last verdict an item (or its report) recorded, if any."""
    found = None
    for name, value in properties:
        if name == VERDICT_PROPERTY:
            found = value
    return Verdict.from_dict(json.loads(str(found))) if found is not None else None


def recorded_verdicts(properties: Iterable[tuple[str, object]]) -> list[Verdict]:
    """Every verdict in a report's properties (setup and call may each carry one)."""
    return [Verdict.from_dict(json.loads(str(value))) for name, value in properties
            if name == VERDICT_PROPERTY]
