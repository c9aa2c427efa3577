"""Endpoint parity: deploy both sides, send both the same requests, compare the answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..cassettes.plan import CassettePlan, SideTargets
from ..compare.responses import compare_responses
from ..compare.verdict import Verdict
from ..endpoint_evidence import EndpointEvidence
from ..scenario import Scenario
from ..sides.launch import run_sides
from ..targets import Target
from .run import SideBroken


@dataclass
class DeploymentEvidence:
    """Both deployments' answers, kept so verdicts can be recomputed without redeploying."""

    v1: EndpointEvidence
    v2: EndpointEvidence

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {"v1": self.v1.to_dict(), "v2": self.v2.to_dict()}
        (folder / "endpoint.json").write_text(json.dumps(data, indent=2, default=str), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> DeploymentEvidence:
        data = json.loads((folder / "endpoint.json").read_text(encoding="utf-8"))
        return cls(EndpointEvidence.from_dict(data["v1"]), EndpointEvidence.from_dict(data["v2"]))


def gather_endpoint(scenario: Scenario, target: Target | SideTargets, folder: Path,
                    plan: CassettePlan | None = None) -> DeploymentEvidence:
    """Deploy both sides concurrently; a deployment that fails makes the item BROKEN."""
    outcomes = run_sides(scenario, scenario.side_labels("endpoint"), target, folder / "sides",
                         phase="endpoint", plan=plan)
    broken = []
    ran = True
    for label, outcome in outcomes.items():
        evidence = outcome.evidence
        if outcome.failure or evidence is None:
            broken.append(outcome.failure or f"{label} left no evidence")
            ran = False
        elif not evidence.succeeded:
            tail = "\n".join(evidence.logs.rstrip().splitlines()[-30:])
            broken.append(f"{label} deployment {evidence.status}: {evidence.error}"
                          + (f"\n--- last lines of the {label} scoring log ---\n{tail}"
                             if tail else ""))
    if broken:
        raise SideBroken("\n\n".join(broken), ran=ran)
    evidence = DeploymentEvidence(outcomes["v1"].evidence, outcomes["v2"].evidence)
    evidence.save(folder)
    return evidence


def judge_endpoint(scenario: Scenario, evidence: DeploymentEvidence) -> Verdict:
    differences = compare_responses(evidence.v1, evidence.v2, scenario.compare.get("endpoint"))
    return Verdict.from_differences(
        scenario.name, "endpoint", differences, scenario.expect_for("endpoint")
    )
