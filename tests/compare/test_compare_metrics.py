"""Metric parity: whole histories within tolerance, with renames, ignores and last_only."""

from __future__ import annotations

import pytest

from harness.compare.metrics import MetricRules, compare_metrics
from harness.evidence import MetricSeries, SideEvidence


def run(side: str, **metrics: list[float] | MetricSeries) -> SideEvidence:
    return SideEvidence(side, metrics={  # type: ignore[arg-type]
        k: v if isinstance(v, MetricSeries) else MetricSeries("number", list(v))
        for k, v in metrics.items()})


def paths(differences: list) -> list[str]:
    return [d.path for d in differences]


def test_identical_histories_agree() -> None:
    assert compare_metrics(run("v1", loss=[0.9, 0.5]), run("v2", loss=[0.9, 0.5])) == []


def test_within_tolerance_passes_and_beyond_names_the_worst_step() -> None:
    v1 = run("v1", loss=[0.9, 0.5, 0.25, 0.125])
    v2 = run("v2", loss=[0.9, 0.5 + 1e-7, 0.25 + 3e-3, 0.125 + 1e-3])
    assert compare_metrics(v1, v2, {"tolerance": {"abs": 1e-2}}) == []
    [diff] = compare_metrics(v1, v2, {"tolerance": {"abs": 1e-6}})
    assert diff.path == "loss[step=2]"
    assert (diff.v1, diff.v2) == (0.25, pytest.approx(0.253))
    assert diff.tolerance == "abs 1e-06, rel 0"
    assert "2 of 4 step(s)" in diff.note and diff.breaks_parity


def test_relative_tolerance_uses_v1_as_reference() -> None:
    v1, v2 = run("v1", auc=[100.0]), run("v2", auc=[100.9])
    assert compare_metrics(v1, v2, {"tolerance": {"rel": 0.01}}) == []
    assert compare_metrics(v1, v2, {"tolerance": {"rel": 0.001}})


def test_the_most_specific_glob_tolerance_wins_whatever_its_order() -> None:
    rules = MetricRules.from_dict({"tolerance": {"abs": 0},
                                   "tolerances": {"*": {"abs": 1.0}, "train_*": {"abs": 0.1},
                                                  "train_loss": {"abs": 1e-9}}})
    assert rules.tolerance_for("train_loss").abs == 1e-9
    assert rules.tolerance_for("train_acc").abs == 0.1
    assert rules.tolerance_for("val_loss").abs == 1.0
    v1, v2 = run("v1", train_acc=[0.5], val_loss=[0.5]), run("v2", train_acc=[0.55],
                                                                val_loss=[0.9])
    assert compare_metrics(v1, v2, rules) == []


def test_rename_pairs_a_v1_metric_with_its_v2_name() -> None:
    v1, v2 = run("v1", mse=[3.0]), run("v2", mean_squared_error=[3.0])
    assert compare_metrics(v1, v2, {"rename": {"mse": "mean_squared_error"}}) == []
    missing = compare_metrics(v1, v2)
    assert [(d.path, d.severity) for d in missing] == [
        ("mse", "error"), ("mean_squared_error", "warning")]
    assert "only in v1" in missing[0].note and "rename" in missing[0].note


def test_rename_of_a_table_renames_its_columns() -> None:
    v1 = SideEvidence("v1", metrics={"acc_table": MetricSeries("table",
                                                               columns={"k": [1, 2]})})
    v2 = run("v2", **{"accuracy.k": [1.0, 2.0]})
    assert compare_metrics(v1, v2, {"rename": {"acc_table": "accuracy"}}) == []


def test_many_to_one_rename_reports_a_shared_difference_once() -> None:
    v1, v2 = run("v1", acc=[0.9], Accuracy=[0.9]), run("v2", accuracy=[0.8])
    rules = {"rename": {"acc": "accuracy", "Accuracy": "accuracy"}}

    [diff] = compare_metrics(v1, v2, rules)

    assert (diff.path, diff.v1, diff.v2) == ("Accuracy, acc -> accuracy", 0.9, 0.8)


def test_many_to_one_rename_keeps_different_v1_values_apart() -> None:
    v1, v2 = run("v1", acc=[0.9], Accuracy=[0.7]), run("v2", accuracy=[0.9])
    rules = {"rename": {"acc": "accuracy", "Accuracy": "accuracy"}}

    assert paths(compare_metrics(v1, v2, rules)) == ["Accuracy -> accuracy"]


def test_ignored_metrics_are_not_compared_on_either_side() -> None:
    v1, v2 = run("v1", loss=[1.0], **{"azureml.x": [1.0]}), run("v2", loss=[1.0], gpu_mem=[7])
    assert compare_metrics(v1, v2, {"ignore": ["azureml.*", "gpu_*"]}) == []


def test_last_only_compares_the_final_value() -> None:
    v1, v2 = run("v1", r2=[0.1, 0.5, 0.9]), run("v2", r2=[0.2, 0.9])
    assert compare_metrics(v1, v2, {"last_only": ["r2"]}) == []
    [diff] = compare_metrics(run("v1", r2=[0.1, 0.9]), run("v2", r2=[0.1, 0.8]),
                             {"last_only": ["r*"]})
    assert (diff.v1, diff.v2) == (0.9, 0.8) and "last_only" in diff.note


def test_a_shorter_history_is_its_own_difference_and_the_rest_is_still_compared() -> None:
    v1, v2 = run("v1", loss=[0.9, 0.5, 0.25]), run("v2", loss=[0.9, 0.5])
    [length] = compare_metrics(v1, v2)
    assert (length.path, length.v1, length.v2) == ("loss.length", 3, 2)
    both = compare_metrics(v1, run("v2", loss=[0.9, 0.7]))
    assert paths(both) == ["loss.length", "loss[step=1]"]


def test_misaligned_steps_are_reported_then_compared_by_position() -> None:
    v1 = run("v1", loss=[0.9, 0.5, 0.25])
    v2 = SideEvidence("v2", metrics={"loss": MetricSeries("number", [0.9, 0.5, 0.25], [1, 2, 3])})
    [steps] = compare_metrics(v1, v2)
    assert steps.path == "loss.steps" and "misaligned from index 0" in steps.note
    assert steps.v1.startswith("[0:] = 0, 1, 2") and steps.v2.startswith("[0:] = 1, 2, 3")


def test_a_kind_change_is_a_difference() -> None:
    v1 = SideEvidence("v1", metrics={"best": MetricSeries("string", ["ridge"])})
    [diff] = compare_metrics(v1, run("v2", best=[1.0]))
    assert "string metric, v2 a number" in diff.note


def test_string_metrics_compare_exactly() -> None:
    v1 = SideEvidence("v1", metrics={"best": MetricSeries("string", ["ridge"])})
    v2 = SideEvidence("v2", metrics={"best": MetricSeries("string", ["lasso"])})
    [diff] = compare_metrics(v1, v2)
    assert (diff.path, diff.v1, diff.v2) == ("best", "'ridge'", "'lasso'")


def test_nan_on_both_sides_is_not_drift() -> None:
    assert compare_metrics(run("v1", f1=[float("nan")]), run("v2", f1=[float("nan")])) == []


def test_user_tags_differences_are_warnings_and_system_tags_are_ignored() -> None:
    v1 = SideEvidence("v1", tags={"team": "risk", "azureml.runsource": "experiment"})
    v2 = SideEvidence("v2", tags={"team": "fraud", "mlflow.source.type": "JOB"})
    [diff] = compare_metrics(v1, v2)
    assert (diff.path, diff.severity, diff.breaks_parity) == ("tags.team", "warning", False)
