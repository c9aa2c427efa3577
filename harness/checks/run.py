"""Run parity: run both sides, keep their evidence on disk, compare it, give a verdict."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..cassettes.plan import CassettePlan, SideTargets
from ..compare.files import OutputRules, compare_outputs
from ..compare.logs import compare_logs
from ..compare.metrics import compare_metrics
from ..compare.noise import DEFAULT_CONFIDENCE, LearnedNoise, apply_noise, learn_noise
from ..compare.verdict import Verdict
from ..evidence import SideEvidence
from ..scenario import Scenario
from ..sides.launch import run_sides
from ..targets import Target


class SideBroken(Exception):
    """A side did not complete: the item is BROKEN, not DRIFT.

    `ran` is True when every broken side really ran and failed (a script raised, a
    deployment crashed): the breakage `expect: broken` certifies. A side the
    harness could not start (a bad callable, a missing cassette) is never that.
    """

    def __init__(self, message: str, ran: bool = False) -> None:
        super().__init__(message)
        self.ran = ran


@dataclass
class RunEvidence:
    """Both sides' evidence, plus extra v1 runs when the scenario calibrates noise."""

    v1: SideEvidence
    v2: SideEvidence
    v1_repeats: list[SideEvidence] = field(default_factory=list)

    def save(self, folder: Path) -> None:
        """Evidence on disk lets a verdict be recomputed under new rules without rerunning."""
        data = {
            "v1": self.v1.to_dict(),
            "v2": self.v2.to_dict(),
            "v1_repeats": [r.to_dict() for r in self.v1_repeats],
        }
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "run.json").write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> RunEvidence:
        data = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        return cls(
            SideEvidence.from_dict(data["v1"]),
            SideEvidence.from_dict(data["v2"]),
            [SideEvidence.from_dict(r) for r in data.get("v1_repeats", [])],
        )


def gather_run(scenario: Scenario, target: Target | SideTargets, folder: Path,
               plan: CassettePlan | None = None) -> RunEvidence:
    """Run v1 (N times when calibrating noise) and v2 concurrently; raise SideBroken on failure.

    With a cassette `plan` each side records or replays its own cassette.
    """
    labels = scenario.side_labels("run")
    outcomes = run_sides(scenario, labels, target, folder / "sides", plan=plan)
    broken = [o for o in outcomes.values() if not o.completed]
    if broken:
        raise SideBroken("\n\n".join(o.broken_reason() for o in broken),
                         ran=all(not o.failure for o in broken))
    evidence = RunEvidence(
        outcomes["v1"].evidence,  # type: ignore[arg-type]
        outcomes["v2"].evidence,  # type: ignore[arg-type]
        [outcomes[label].evidence for label in labels[2:]],  # type: ignore[misc]
    )
    evidence.save(folder)
    return evidence


def judge_run(scenario: Scenario, evidence: RunEvidence) -> tuple[Verdict, LearnedNoise | None]:
    """Compare metrics, outputs and logs as declared; mark differences within v1's own noise."""
    compare = scenario.compare
    outputs = OutputRules.from_dict(compare.get("outputs"), scenario.folder)
    differences = []
    if "metrics" in compare:
        differences += compare_metrics(evidence.v1, evidence.v2, compare["metrics"], outputs)
    if "outputs" in compare:
        differences += compare_outputs(evidence.v1, evidence.v2, outputs)
    if "logs" in compare:
        differences += compare_logs(evidence.v1, evidence.v2, compare["logs"])
    learned = None
    if evidence.v1_repeats:
        learned = learn_noise([evidence.v1, *evidence.v1_repeats], outputs)
        confidence = float(scenario.noise.get("confidence", DEFAULT_CONFIDENCE))
        differences = apply_noise(differences, learned, confidence)
    expect = scenario.expect_for("run")
    verdict = Verdict.from_differences(scenario.name, "run", differences, expect)
    return verdict, learned
