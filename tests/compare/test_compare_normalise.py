"""Each v1 `Run.get_metrics()` shape normalises to what its MLflow equivalent normalises to."""

from __future__ import annotations

from compare_support import RunFolder, gradient
from mlflow.entities import Metric

from harness.compare.files import compare_outputs
from harness.compare.metrics import compare_metrics
from harness.evidence import MetricSeries
from harness.evidence.collect import (
    filter_tags,
    flatten,
    v1_artifact_path,
    v1_evidence,
    v1_series,
    v2_evidence,
    v2_series,
)

RUN = "aml://artifactId/ExperimentRun/dcid.run_42"


def history(*values: float, start: int = 0) -> list[tuple[int, float, int]]:
    return [(start + i, v, 1_700_000_000_000 + i) for i, v in enumerate(values)]


def test_one_run_log_is_a_one_point_history() -> None:
    assert v1_series(0.5) == v2_series(history(0.5)) == MetricSeries("number", [0.5], [0])


def test_repeated_run_log_and_log_list_are_histories_indexed_by_step() -> None:
    v1 = v1_series([0.9, 0.5, 0.25])
    assert v1 == v2_series(history(0.9, 0.5, 0.25))
    assert v1.steps == [0, 1, 2]


def test_bools_become_zero_and_one_like_mlflow() -> None:
    assert v1_series(True) == v2_series(history(1.0))
    assert v1_series([True, False]).values == [1, 0]


def test_mlflow_history_is_ordered_by_step_then_time() -> None:
    out_of_order = [(2, 0.1, 30), (0, 0.9, 10), (1, 0.5, 20)]
    assert v2_series(out_of_order).values == [0.9, 0.5, 0.1]


def test_mlflow_metric_entities_are_accepted_as_they_come_from_get_metric_history() -> None:
    points = [Metric("loss", 0.5, 1_000, 0), Metric("loss", 0.25, 2_000, 1)]
    assert v2_series(points) == MetricSeries("number", [0.5, 0.25], [0, 1])


def test_log_table_flattens_to_the_table_dot_column_metrics_v2_logs() -> None:
    v1 = v1_evidence({"roc": {"fpr": [0.0, 0.5, 1.0], "tpr": [0.0, 0.8, 1.0]}})
    v2 = v2_evidence({"roc.fpr": history(0.0, 0.5, 1.0), "roc.tpr": history(0.0, 0.8, 1.0)})
    assert v1.metrics["roc"].kind == "table"
    assert set(flatten(v1.metrics)) == {"roc.fpr", "roc.tpr"}
    assert compare_metrics(v1, v2) == []


def test_single_log_row_gives_scalar_cells_which_become_one_row() -> None:
    row = v1_series({"fruit": "lime", "size": 3})
    assert row.columns == {"fruit": ["lime"], "size": [3]}
    flat = flatten({"citrus": row})
    assert flat["citrus.size"] == MetricSeries("number", [3])
    assert flat["citrus.fruit"].kind == "list"


def test_log_table_matches_a_log_dict_json_artifact(v2_run: RunFolder) -> None:
    v2_run.json("roc.json", {"fpr": [0.0, 1.0], "tpr": [0.0, 1.0]})
    v1 = v1_evidence({"roc": {"fpr": [0.0, 1.0], "tpr": [0.0, 1.0]}})
    v2 = v2_evidence({}, artifacts=["roc.json"], files=v2_run.files)
    assert v2.metrics["roc"].kind == "table"
    assert compare_metrics(v1, v2) == []


def test_string_metric_matches_a_log_text_artifact(v2_run: RunFolder) -> None:
    v2_run.text("model_kind.txt", "ridge")
    v1 = v1_evidence({"model_kind": "ridge"})
    v2 = v2_evidence({}, artifacts=["model_kind.txt"], files=v2_run.files)
    assert v1.metrics["model_kind"] == v2.metrics["model_kind"] == MetricSeries("string", ["ridge"])


def test_log_image_matches_a_log_figure_artifact_by_pixels(v1_run: RunFolder,
                                                          v2_run: RunFolder) -> None:
    v1_run.png("residuals_1700000000.png", gradient())
    v2_run.png("residuals.png", gradient())
    v1 = v1_evidence({"residuals": f"{RUN}/residuals_1700000000.png"}, files=v1_run.files)
    v2 = v2_evidence({}, artifacts=["residuals.png"], files=v2_run.files)
    assert v1.metrics["residuals"] == MetricSeries("image", ["residuals_1700000000.png"])
    assert v2.metrics["residuals"] == MetricSeries("image", ["residuals.png"])
    assert compare_metrics(v1, v2) == []


def test_artifact_uris_of_both_sdk_generations_name_a_run_file() -> None:
    assert v1_artifact_path(f"{RUN}/plots/roc_1.png") == "plots/roc_1.png"
    assert v1_artifact_path("aml://artifactId/roc_1.png") == "roc_1.png"
    assert v1_series(f"{RUN}/confusion").kind == "file"


def test_system_tags_are_dropped_user_tags_kept() -> None:
    tags = {"mlflow.user": "x", "azureml.runsource": "y", "_aml_system_ComputeTarget": "z",
            "team": "risk"}
    assert filter_tags(tags) == {"team": "risk"}
    assert v2_evidence({}, tags=tags, params={"alpha": 0.1}).params == {"alpha": "0.1"}


def test_only_root_artifacts_can_be_metrics_and_they_join_the_files(v1_run: RunFolder,
                                                                      v2_run: RunFolder) -> None:
    for run in (v1_run, v2_run):
        run.text("outputs/report.txt", "ok")
    v2_run.text("user_logs/std_log.txt", "log")
    v2_run.text("model/MLmodel", "flavors: {}")
    v2_run.text("model/requirements.txt", "scikit-learn")
    v2_run.png("plots/roc.png", gradient())
    v2_run.text("note.txt", "ridge")
    v2 = v2_evidence({}, artifacts=v2_run.files,
                     files={"outputs/report.txt": v2_run.files["outputs/report.txt"]})
    assert set(v2.metrics) == {"plots/roc", "note"}
    assert set(v2.files) == {"outputs/report.txt", "plots/roc.png"}
    v1_run.png("roc_1.png", gradient())
    v1 = v1_evidence({"plots/roc": f"{RUN}/roc_1.png", "note": "ridge"}, files=v1_run.files)
    assert compare_metrics(v1, v2) == []
    assert compare_outputs(v1, v2) == []
