"""The attachment bodies a reviewer opens in the report: tables, plots, diffs, logs."""

from __future__ import annotations

from pathlib import Path

from report_support import BUNDLED, drift_verdict, write_run_evidence

from harness.checks.endpoint import latencies
from harness.checks.registry import check
from harness.evidence import EvidenceFolder, ItemEvidence, MetricSeries, SideEvidence
from harness.report.allure_attachments import differences_html, spec_diff
from harness.report.allure_evidence import side_log, worker_output
from harness.report.plots import latency_plot, metric_pairs, metric_plot
from harness.scenario.loader import load_scenario

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_differences_table_has_one_row_per_difference_and_escapes_values() -> None:
    page = differences_html(drift_verdict())
    assert page.count("<tr class=") == 3
    assert ('<tr class="error"><td class="word">metrics</td><td>train_rmse</td><td>54.4</td>'
            in page)
    assert '<tr class="noise">' in page and "(learned noise)" in page
    assert "a&lt;b" in page and "a<b" not in page
    assert "DRIFT (expect parity), 1 beyond tolerance" in page


def test_a_metric_plot_overlays_both_histories_as_a_png() -> None:
    png = metric_plot("train_rmse", MetricSeries("number", [3.0, 2.0, 1.5]),
                      MetricSeries("number", [3.1, 2.2, 1.9]),
                      repeats=[MetricSeries("number", [3.0, 2.1, 1.6])])
    assert png.startswith(PNG) and len(png) > 5_000


def test_metric_pairs_follow_renames_and_skip_non_numeric_metrics() -> None:
    v1 = {"rmse": MetricSeries("number", [1.0]), "note": MetricSeries("string", ["x"])}
    v2 = {"root_mean_squared_error": MetricSeries("number", [1.0]),
          "extra": MetricSeries("number", [2.0, 3.0])}
    assert metric_pairs(v1, v2, {"rmse": "root_mean_squared_error"}) == [
        ("rmse", "root_mean_squared_error"), ("extra", "extra")]
    assert metric_pairs(v1, v2, {}) == [("rmse", "rmse"), ("extra", "extra"),
                                        ("root_mean_squared_error", "root_mean_squared_error")]


def test_the_spec_diff_names_the_changed_line() -> None:
    text = spec_diff({"job": {"command": ["--alpha", "0.0001"]}},
                     {"job": {"command": ["--alpha", "0.001"]}})
    assert '-      "0.0001"' in text and '+      "0.001"' in text
    assert spec_diff({"a": 1}, {"a": 1}) == "the canonical specs are identical\n"


def test_endpoint_latencies_are_read_from_either_shape_and_plotted() -> None:
    found = latencies({"v1": {"latencies_ms": [10, 12, 11]},
                       "v2": {"responses": [{"latency_ms": 20}, {"latency_ms": 25}]}})
    assert found == {"v1": [10.0, 12.0, 11.0], "v2": [20.0, 25.0]}
    assert latency_plot(found).startswith(PNG)


def test_run_evidence_and_side_logs_are_read_back_from_disk(tmp_path: Path) -> None:
    folder = EvidenceFolder(tmp_path, "s", "run")
    write_run_evidence(folder.path)
    evidence = check("run").report_evidence(folder)
    assert set(evidence.sides) == {"v1", "v2"}
    assert evidence.sides["v1"].metrics["train_rmse"].values[-1] == 54.4
    assert "v1 training complete" in side_log(evidence.sides["v1"], "v1", folder)


def test_a_side_that_broke_before_run_json_is_still_read(tmp_path: Path) -> None:
    folder = EvidenceFolder(tmp_path, "s", "run")
    stderr = folder.side("v2").output_file
    stderr.parent.mkdir(parents=True)
    stderr.write_text("Traceback: ValueError: 9 columns\n")
    evidence = check("run").report_evidence(folder)
    assert evidence.sides == {}
    assert "9 columns" in worker_output(folder, "v2")


def test_noise_repeats_attach_the_learned_spread_of_each_field() -> None:

    scenario = load_scenario(BUNDLED / "noisy-forest" / "scenario.yaml")
    sides = {label: SideEvidence(label, metrics={"rmse": MetricSeries("number", values)})
             for label, values in (("v1", [2.0]), ("v1-2", [2.0]), ("v1-3", [2.0]),
                                   ("v2", [2.5]))}

    found = check("run").attachments(scenario, "metrics", ItemEvidence(sides=sides))

    [table] = [a for a in found if a.name == "learned noise"]
    assert "over 3 runs" in str(table.body) and "metrics:rmse  deterministic" in str(table.body)
    alone = {k: v for k, v in sides.items() if "-" not in k}
    names = [a.name for a in check("run").attachments(scenario, "metrics",
                                                        ItemEvidence(sides=alone))]
    assert "learned noise" not in names
