"""Noise calibration: differences within v1's own run-to-run spread do not break parity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from compare_support import RunFolder, gradient

from harness.compare.files import OutputRules, compare_outputs
from harness.compare.metrics import compare_metrics
from harness.compare.noise import (
    LearnedNoise,
    apply_noise,
    interval_factor,
    learn_noise,
    noise_table,
)
from harness.compare.verdict import Verdict
from harness.evidence import MetricSeries, SideEvidence


def run(side: str, loss: list[float]) -> SideEvidence:
    return SideEvidence(side, metrics={"loss": MetricSeries("number", loss)})  # type: ignore[arg-type]


V1_RUNS = [run("v1", [0.90, 0.50, 0.250]), run("v1", [0.91, 0.50, 0.252]),
           run("v1", [0.90, 0.51, 0.251])]


def test_learns_the_largest_run_to_run_deviation_per_metric() -> None:
    learned = learn_noise(V1_RUNS)
    assert learned.runs == 3
    stack = np.array([r.metrics["loss"].values for r in V1_RUNS])
    expected = float(np.std(stack, axis=0, ddof=1).max())
    assert abs(learned.fields["metrics:loss"] - expected) < 1e-12
    assert LearnedNoise.from_dict(learned.to_dict()) == learned


def test_a_difference_within_the_learned_spread_is_noise() -> None:
    differences = compare_metrics(V1_RUNS[0], run("v2", [0.905, 0.5, 0.25]))
    assert Verdict.from_differences("s", "run", differences).outcome.value == "DRIFT"
    [marked] = apply_noise(differences, learn_noise(V1_RUNS))
    assert marked.noise and not marked.breaks_parity
    assert "from 3 v1 runs" in marked.note
    assert Verdict.from_differences("s", "run", [marked]).outcome.value == "PASS"


def test_a_difference_beyond_the_learned_spread_still_breaks_parity() -> None:
    allowed = interval_factor(3, 0.999) * learn_noise(V1_RUNS).fields["metrics:loss"]
    differences = compare_metrics(V1_RUNS[0], run("v2", [0.90 + 1.5 * allowed, 0.5, 0.25]))
    [kept] = apply_noise(differences, learn_noise(V1_RUNS))
    assert not kept.noise and kept.breaks_parity


def test_a_difference_beyond_the_spread_says_the_spread_and_zero_reads_as_deterministic(
) -> None:
    deterministic = [run("v1", [0.9, 0.5]), run("v1", [0.9, 0.5]), run("v1", [0.9, 0.5])]
    learned = learn_noise(deterministic)
    [kept] = apply_noise(compare_metrics(deterministic[0], run("v2", [0.9, 0.6])), learned)

    assert kept.breaks_parity
    assert "v1 gave the same values in all 3 runs (s=0)" in kept.note
    assert "metrics:loss  deterministic" in noise_table(learned)
    assert "s = " in noise_table(learn_noise(V1_RUNS))


def test_structural_differences_are_never_noise() -> None:
    differences = compare_metrics(V1_RUNS[0], run("v2", [0.9, 0.5]))
    assert all(not d.noise for d in apply_noise(differences, learn_noise(V1_RUNS)))


def test_table_columns_learn_per_column_spread(tmp_path: Path) -> None:
    folders = [RunFolder(tmp_path / f"v1_{i}") for i in range(3)]
    for i, folder in enumerate(folders):
        folder.csv("outputs/p.csv", pd.DataFrame({"row": [1, 2, 3],
                                                  "p": [0.1, 0.2 + i * 1e-4, 0.3]}))
    runs = [f.evidence("v1") for f in folders]
    rules = OutputRules.from_dict({"files": {"p.csv": {"key": ["row"]}}})
    learned = learn_noise(runs, rules)
    assert learned.unstable_files == {"outputs/p.csv": 3}
    assert abs(learned.fields["outputs:outputs/p.csv::p"] - 1e-4) < 1e-12
    v2 = RunFolder(tmp_path / "v2")
    v2.csv("outputs/p.csv", pd.DataFrame({"row": [3, 2, 1], "p": [0.3, 0.20015, 0.1]}))
    [diff] = compare_outputs(runs[0], v2.evidence("v2"), rules)
    assert diff.path == "outputs/p.csv[row=2].p"
    assert apply_noise([diff], learned)[0].noise


def test_arrays_learn_spread_and_unstable_images_are_noise(tmp_path: Path) -> None:
    folders = [RunFolder(tmp_path / f"v1_{i}") for i in range(2)]
    for i, folder in enumerate(folders):
        folder.npy("outputs/emb.npy", np.arange(100.0) + i * 1e-3)
        image = gradient()
        image[0, 0] = i * 40
        folder.png("outputs/plot.png", image)
    runs = [f.evidence("v1") for f in folders]
    learned = learn_noise(runs)
    assert abs(learned.fields["outputs:outputs/emb.npy"] - 1e-3 / np.sqrt(2)) < 1e-9
    v2 = RunFolder(tmp_path / "v2")
    v2.npy("outputs/emb.npy", np.arange(100.0) + 2e-3)
    image = gradient()
    image[0, 0] = 20
    v2.png("outputs/plot.png", image)
    found = apply_noise(compare_outputs(runs[0], v2.evidence("v2")), learned)
    assert [(d.path.split("[")[0], d.noise) for d in found] == [("outputs/emb.npy", True),
                                                                ("outputs/plot.png", True)]
    assert "produced 2 different versions" in found[1].note
