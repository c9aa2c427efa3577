"""Run parity: run both sides as jobs, keep their evidence, compare metrics, outputs, logs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..compare.files import OutputRules, compare_outputs
from ..compare.logs import compare_logs
from ..compare.metrics import compare_metrics
from ..compare.mlflow_errors import mlflow_errors
from ..compare.noise import (
    DEFAULT_CONFIDENCE,
    LearnedNoise,
    apply_noise,
    learn_noise,
    noise_table,
)
from ..compare.packages import compare_packages
from ..compare.verdict import Verdict
from ..evidence import EvidenceFolder, ItemEvidence, SideEvidence
from ..scenario import Scenario
from .base import Attachment, RunnerPath, read_json
from .sided import SidedCheck

#: The `compare:` blocks run parity judges.
RUN_KEYS = ("metrics", "outputs", "logs")


@dataclass
class RunEvidence:
    """Both sides' evidence, plus extra v1 runs when the scenario calibrates noise."""

    v1: SideEvidence
    v2: SideEvidence
    v1_repeats: list[SideEvidence] = field(default_factory=list)

    def save(self, folder: EvidenceFolder) -> None:
        """Evidence on disk lets a verdict be recomputed under new rules without rerunning."""
        data = {
            "v1": self.v1.to_dict(),
            "v2": self.v2.to_dict(),
            "v1_repeats": [r.to_dict() for r in self.v1_repeats],
        }
        folder.path.mkdir(parents=True, exist_ok=True)
        folder.document.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")

    @classmethod
    def load(cls, folder: EvidenceFolder) -> RunEvidence | None:
        data = read_json(folder.document)
        if not data:
            return None
        return cls(
            SideEvidence.from_dict(data["v1"]),
            SideEvidence.from_dict(data["v2"]),
            [SideEvidence.from_dict(r) for r in data.get("v1_repeats", [])],
        )


class RunCheck(SidedCheck):
    """`::run`: both sides submitted as jobs (v1 runs, v2 command jobs), their metrics,
    outputs and logs compared, within v1's own noise when the scenario calibrates it."""

    name = "run"
    description = "run parity: metrics, outputs and logs of both sides"
    order = 20
    side_result = SideEvidence
    side_ended = "run ended"
    log_noun = "log"

    def applies(self, scenario: Scenario) -> bool:
        return any(key in scenario.compare for key in RUN_KEYS)

    def compare_keys(self, scenario: Scenario) -> list[str]:
        return [key for key in RUN_KEYS if key in scenario.compare]

    def side_labels(self, scenario: Scenario) -> list[str]:
        """v1 and v2, and noise repeats of v1 (`v1#2`...) when `noise.repeat` asks."""
        repeat = int(scenario.noise.get("repeat", 1))
        return ["v1", "v2", *[f"v1#{i}" for i in range(2, repeat + 1)]]

    def side_runner(self, side: str) -> RunnerPath:
        return f"harness.sides.run_{side}:run_{side}"

    def assemble(self, scenario: Scenario, results: dict[str, Any]) -> RunEvidence:
        labels = self.side_labels(scenario)
        return RunEvidence(results["v1"], results["v2"], [results[label] for label in labels[2:]])

    def judge(self, scenario: Scenario, evidence: Any) -> Verdict:
        return judge_run(scenario, evidence)[0]

    def load(self, folder: EvidenceFolder) -> RunEvidence | None:
        return RunEvidence.load(folder)

    def side_documents(self, document: dict[str, Any]) -> dict[str, dict[str, Any]]:
        found = super().side_documents(document)
        for index, repeat in enumerate(document.get("v1_repeats", []), start=2):
            found[f"v1-{index}"] = repeat
        return found

    def attachments(self, scenario: Scenario, key: str, evidence: ItemEvidence
                    ) -> list[Attachment]:
        """Beside the metrics comparison: one plot per metric, v1 and v2 (and repeats)."""
        v1, v2 = evidence.sides.get("v1"), evidence.sides.get("v2")
        if key != "metrics" or v1 is None or v2 is None:
            return []
        from ..report.plots import metric_pairs, metric_plot  # matplotlib: only when reporting

        rename = (scenario.compare.get("metrics") or {}).get("rename") or {}
        found = self._noise_attachment(scenario, v1, evidence)
        for left, right in metric_pairs(v1.metrics, v2.metrics, rename):
            repeats = [r.metrics[left] for r in evidence.repeats if left in r.metrics]
            png = metric_plot(left, v1.metrics.get(left), v2.metrics.get(right), right, repeats)
            found.append(Attachment(f"metric {left}", png, "png"))
        return found


    @staticmethod
    def _noise_attachment(scenario: Scenario, v1: SideEvidence, evidence: ItemEvidence
                          ) -> list[Attachment]:
        """With `noise.repeat`, the spread learned per field: s=0 shows v1 is deterministic."""
        if not evidence.repeats:
            return []
        outputs = OutputRules.from_dict(scenario.compare.get("outputs"), scenario.folder)
        learned = learn_noise([v1, *evidence.repeats], outputs)
        return [Attachment("learned noise", noise_table(learned), "text")]


def judge_run(scenario: Scenario, evidence: RunEvidence) -> tuple[Verdict, LearnedNoise | None]:
    """Compare metrics, outputs and logs as declared; mark differences within v1's own noise.

    MLflow calls a side's log says failed are always warned about: a metric they lost
    is otherwise silent, the two sides comparing equal on what is left. So are the
    packages whose versions differ between the sides' built environments.
    """
    compare = scenario.compare
    outputs = OutputRules.from_dict(compare.get("outputs"), scenario.folder)
    differences = []
    if "metrics" in compare:
        differences += compare_metrics(evidence.v1, evidence.v2, compare["metrics"], outputs)
    if "outputs" in compare:
        differences += compare_outputs(evidence.v1, evidence.v2, outputs)
    if "logs" in compare:
        differences += compare_logs(evidence.v1, evidence.v2, compare["logs"])
    differences += mlflow_errors(evidence.v1, evidence.v2)
    differences += compare_packages(evidence.v1, evidence.v2)
    learned = None
    if evidence.v1_repeats:
        learned = learn_noise([evidence.v1, *evidence.v1_repeats], outputs)
        confidence = float(scenario.noise.get("confidence", DEFAULT_CONFIDENCE))
        differences = apply_noise(differences, learned, confidence)
    expect = scenario.expect_for("run")
    verdict = Verdict.from_differences(scenario.name, "run", differences, expect)
    return verdict, learned


CHECK = RunCheck()
