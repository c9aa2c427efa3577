"""Small real inputs for the reporters: verdicts, run evidence on disk, a scenario tree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from harness.compare.verdict import Difference, Outcome, Verdict
from harness.evidence import MetricSeries, SideEvidence

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios"


def drift_verdict(scenario: str = "sklearn-diabetes", evidence: str = "run",
                  expect: str = "parity") -> Verdict:
    return Verdict(scenario, evidence, Outcome.DRIFT, [
        Difference("metrics", "train_rmse", 54.4, 77.5, "rel 1e-06", "20 of 20 steps"),
        Difference("metrics", "r2", 0.45, 0.4500001, "rel 1e-06", "", "error", True),
        Difference("outputs", "predictions.csv|row<3>", "a<b", "a>b", "", "", "warning"),
    ], expect)


def pass_verdict(scenario: str, evidence: str = "spec", expect: str = "parity") -> Verdict:
    return Verdict(scenario, evidence, Outcome.PASS, [], expect)


def side(name: str, folder: Path, history: list[float], metric: str = "train_rmse",
         status: str = "Completed") -> SideEvidence:
    log = folder / "sides" / name / name / "driver_log.txt"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"{name} training started\n{name} training complete\n", encoding="utf-8")
    return SideEvidence(
        side=name,  # type: ignore[arg-type]
        status=status,
        duration_s=12.5,
        metrics={metric: MetricSeries("number", history),
                 "alpha": MetricSeries("number", [0.0001]),
                 "note": MetricSeries("string", ["hello"])},
        logs=str(log),
        command="python train.py --alpha 0.0001",
    )


def write_run_evidence(folder: Path, v2_metric: str = "train_rmse") -> Path:
    """`run.json` as the run check saves it: both sides, v1's log files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    v1 = side("v1", folder, [76.0, 59.7, 55.5, 54.4])
    v2 = side("v2", folder, [93.0, 81.0, 78.0, 77.5], metric=v2_metric)
    data = {"v1": v1.to_dict(), "v2": v2.to_dict(), "v1_repeats": []}
    (folder / "run.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def copy_scenarios(root: Path, *names: str) -> Path:
    """Bundled scenarios under `root/scenarios`, with the folders they borrow from."""
    for name in names:
        shutil.copytree(BUNDLED / name, root / "scenarios" / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root / "scenarios"


def attachments(result: dict) -> list[str]:
    """The names of an Allure result's attachments, its steps' (at any depth) included."""
    names = [a["name"] for a in result.get("attachments", [])]
    for step in result.get("steps", []):
        names += attachments(step)
    return names
