"""Endpoint parity: deploy both sides, send both the same requests, compare the answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..compare.responses import compare_responses
from ..compare.verdict import Verdict
from ..evidence import EndpointEvidence, EvidenceFolder, ItemEvidence
from ..scenario import Scenario
from .base import Attachment, RunnerPath, read_json
from .sided import SidedCheck

LATENCY_KEYS = ("latencies_ms", "latency_ms", "latencies")


@dataclass
class DeploymentEvidence:
    """Both deployments' answers, kept so verdicts can be recomputed without redeploying."""

    v1: EndpointEvidence
    v2: EndpointEvidence

    def save(self, folder: EvidenceFolder) -> None:
        folder.path.mkdir(parents=True, exist_ok=True)
        data = {"v1": self.v1.to_dict(), "v2": self.v2.to_dict()}
        folder.document.write_text(json.dumps(data, indent=2, default=str), "utf-8")

    @classmethod
    def load(cls, folder: EvidenceFolder) -> DeploymentEvidence | None:
        data = read_json(folder.document)
        if not data:
            return None
        return cls(EndpointEvidence.from_dict(data["v1"]), EndpointEvidence.from_dict(data["v2"]))


class EndpointCheck(SidedCheck):
    """`::endpoint`: v1 as an ACI web service, v2 as a managed online endpoint, both asked the
    same requests; status, bodies, content types and latency compared."""

    name = "endpoint"
    description = "endpoint parity: both deployments answer the same requests"
    order = 30
    epic = "endpoints"
    side_result = EndpointEvidence
    side_ended = "deployment"
    log_noun = "scoring log"

    def applies(self, scenario: Scenario) -> bool:
        return "endpoint" in scenario.compare

    def side_runner(self, side: str) -> RunnerPath:
        return f"harness.sides.deploy_{side}:deploy_{side}"

    def assemble(self, scenario: Scenario, results: dict[str, Any]) -> DeploymentEvidence:
        return DeploymentEvidence(results["v1"], results["v2"])

    def judge(self, scenario: Scenario, evidence: Any) -> Verdict:
        differences = compare_responses(evidence.v1, evidence.v2,
                                        scenario.compare.get("endpoint"))
        return Verdict.from_differences(scenario.name, "endpoint", differences,
                                        scenario.expect_for("endpoint"))

    def load(self, folder: EvidenceFolder) -> DeploymentEvidence | None:
        return DeploymentEvidence.load(folder)

    def report_evidence(self, folder: EvidenceFolder) -> ItemEvidence:
        found = super().report_evidence(folder)
        found.latencies = latencies(read_json(folder.document) or {})
        return found

    def attachments(self, scenario: Scenario, key: str, evidence: ItemEvidence
                    ) -> list[Attachment]:
        """Beside the endpoint comparison: both sides' latency distributions."""
        if not evidence.latencies:
            return []
        from ..report.plots import latency_plot  # matplotlib: only when reporting

        return [Attachment("latency distribution", latency_plot(evidence.latencies), "png")]


def latencies(document: dict[str, Any]) -> dict[str, list[float]]:
    """Per side latency samples in milliseconds, from whichever shape endpoint evidence has."""
    found: dict[str, list[float]] = {}
    for side in ("v1", "v2"):
        data = document.get(side)
        values: Any = None
        if isinstance(data, dict):
            values = next((data[k] for k in LATENCY_KEYS if k in data), None)
            if values is None and isinstance(data.get("responses"), list):
                values = [r.get("latency_ms") for r in data["responses"] if isinstance(r, dict)]
        if isinstance(values, list):
            numbers = [float(v) for v in values if isinstance(v, (int, float))]
            if numbers:
                found[side] = numbers
    return found


CHECK = EndpointCheck()
