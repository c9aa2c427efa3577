"""Output files: the dispatcher pairs files and each kind compares what matters for it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from compare_support import RunFolder, gradient
from sklearn.linear_model import LogisticRegression, Ridge

from harness.compare.base import FileRule
from harness.compare.files import OutputRules, compare_file, compare_outputs, kind_for
from harness.evidence import MetricSeries


@pytest.mark.parametrize(("path", "kind"), [
    ("outputs/p.csv", "table"), ("a.JSON", "json"), ("x.npz", "array"), ("plot.png", "image"),
    ("notes.txt", "text"), ("model.pkl", "exact"), ("weights.bin", "exact")])
def test_auto_picks_the_comparator_by_extension(path: str, kind: str) -> None:
    assert kind_for(path, FileRule()) == kind


def test_pickles_are_models_when_a_probe_is_given() -> None:
    assert kind_for("model.pkl", FileRule(probe="probe.csv")) == "model"


def test_exact_compares_digests(v1_run: RunFolder, v2_run: RunFolder) -> None:
    a, b = v1_run.text("w.bin", "abc"), v2_run.text("w.bin", "abd")
    [diff] = compare_file("w.bin", a, b, FileRule())
    assert diff.note == "contents differ" and diff.tolerance == "exact: exact"


def test_text_ignores_line_endings_and_names_the_first_changed_line(
        v1_run: RunFolder, v2_run: RunFolder) -> None:
    a = v1_run.text("r.txt", "alpha\nbeta\ngamma\n")
    assert compare_file("r.txt", a, v2_run.text("r.txt", "alpha\r\nbeta\r\ngamma\r\n"),
                        FileRule()) == []
    [diff] = compare_file("r.txt", a, v2_run.text("r2.txt", "alpha\nBETA\ngamma\n"), FileRule())
    assert (diff.path, diff.v1, diff.v2) == ("r.txt:2", "'beta'", "'BETA'")


def test_json_ignores_layout_and_compares_numbers_within_tolerance(
        v1_run: RunFolder, v2_run: RunFolder) -> None:
    doc = {"data": {"class_labels": ["a", "b"], "matrix": [[5, 1], [2, 7]]}, "auc": 0.91}
    near = {"auc": 0.91 + 1e-9, "data": {"matrix": [[5.0, 1], [2, 7]], "class_labels": ["a", "b"]}}
    a = v1_run.json("cm.json", doc)
    rule = FileRule.from_dict({"tolerance": {"abs": 1e-6}})
    assert compare_file("cm.json", a, v2_run.json("cm.json", near, indent=2), rule) == []
    far = {**near, "auc": 0.95, "data": {"class_labels": ["a", "c"], "matrix": [[5, 1], [2, 7]]}}
    found = compare_file("cm.json", a, v2_run.json("cm2.json", far), rule)
    assert {d.path for d in found} == {"cm.json:auc", "cm.json:data.class_labels[1]"}


def test_arrays_within_tolerance_and_a_summary_beyond(v1_run: RunFolder,
                                                      v2_run: RunFolder) -> None:
    x = np.linspace(0, 1, 10_000)
    y = x + 1e-9
    y[1023] += 3.2e-4
    a, b = v1_run.npy("o.npy", x), v2_run.npy("o.npy", y)
    assert compare_file("o.npy", a, b, FileRule.from_dict({"tolerance": {"abs": 1e-3}})) == []
    [diff] = compare_file("o.npy", a, b, FileRule.from_dict({"tolerance": {"abs": 1e-6}}))
    assert diff.path == "o.npy[1023]"
    assert diff.note.startswith("max |Δ| = 0.00032 at [1023]; 1 of 10000 beyond")


def test_npz_members_shapes_and_integers(v1_run: RunFolder, v2_run: RunFolder) -> None:
    a = v1_run.npz("o.npz", w=np.eye(3), labels=np.array([1, 2, 3]), only_v1=np.zeros(2))
    w = np.eye(3)
    w[1, 2] = 0.5
    b = v2_run.npz("o.npz", w=w, labels=np.array([1, 2, 3, 4]))
    found = {d.path: d.note for d in compare_file("o.npz", a, b, FileRule())}
    assert found == {"o.npz:labels": "shapes differ", "o.npz:only_v1": "array only in v1",
                     "o.npz:w[1, 2]": "max |Δ| = 0.5 at [1, 2]; 1 of 9 beyond tolerance"}


def test_images_compare_pixels_within_the_pixel_tolerance(v1_run: RunFolder,
                                                          v2_run: RunFolder) -> None:
    base = gradient()
    slight, strong = base.copy(), base.copy()
    slight[5, 6] += 2
    strong[10, 20] = 255 - strong[10, 20]
    a = v1_run.png("plot.png", base)
    rule = FileRule.from_dict({"kind": "image", "pixel": 2})
    assert compare_file("plot.png", a, v2_run.png("slight.png", slight), rule) == []
    [diff] = compare_file("plot.png", a, v2_run.png("strong.png", strong), rule)
    assert diff.path == "plot.png[10, 20]" and "1 of 768 pixels beyond 2" in diff.note
    [size] = compare_file("plot.png", a, v2_run.png("big.png", gradient(30, 32)), rule)
    assert (size.v1, size.v2) == ("32x24 px", "32x30 px")


def test_models_compare_by_predictions_on_the_probe(tmp_path: Path, v1_run: RunFolder,
                                                    v2_run: RunFolder) -> None:
    rng = np.random.default_rng(0)
    features = pd.DataFrame(rng.normal(size=(60, 3)), columns=["age", "bmi", "bp"])
    target = features @ np.array([1.0, 2.0, -1.0]) + rng.normal(0, 0.1, 60)
    features.iloc[:10].to_csv(tmp_path / "probe.csv", index=False)
    rule = FileRule.from_dict({"kind": "model", "probe": "probe.csv",
                               "tolerance": {"abs": 1e-9}}, folder=tmp_path)
    a = v1_run.model("outputs/model.pkl", Ridge(alpha=1.0).fit(features, target))
    same = v2_run.model("outputs/model.joblib", Ridge(alpha=1.0).fit(features, target))
    other = v2_run.model("outputs/other.pkl", Ridge(alpha=50.0).fit(features, target))
    assert compare_file("outputs/model.pkl", a, same, rule) == []
    [diff] = compare_file("outputs/model.pkl", a, other, rule)
    assert diff.path.startswith("outputs/model.pkl:predict[") and "of 10 beyond" in diff.note


def test_classifiers_also_compare_probabilities(tmp_path: Path, v1_run: RunFolder,
                                                v2_run: RunFolder) -> None:
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.normal(size=(80, 2)), columns=["a", "b"])
    y = (x["a"] + x["b"] > 0).astype(int)
    x.to_csv(tmp_path / "probe.csv", index=False)
    rule = FileRule.from_dict({"kind": "model", "probe": "probe.csv",
                               "tolerance": {"abs": 1e-3}}, folder=tmp_path)
    a = v1_run.model("m.pkl", LogisticRegression(C=1.0).fit(x, y))
    b = v2_run.model("m.pkl", LogisticRegression(C=0.01).fit(x, y))
    found = compare_file("m.pkl", a, b, rule)
    assert any(d.path.startswith("m.pkl:predict_proba[") for d in found)


def test_model_rule_without_probe_says_what_is_missing(v1_run: RunFolder,
                                                       v2_run: RunFolder) -> None:
    a, b = v1_run.text("m.pkl", "x"), v2_run.text("m.pkl", "y")
    [diff] = compare_file("m.pkl", a, b, FileRule(kind="model"))
    assert "needs `probe`" in diff.note


def test_unreadable_files_are_differences_not_exceptions(v1_run: RunFolder,
                                                         v2_run: RunFolder) -> None:
    a, b = v1_run.text("d.json", "{not json"), v2_run.text("d.json", "{}")
    [diff] = compare_file("d.json", a, b, FileRule())
    assert diff.v1 == "<unreadable>" and "cannot read the v1 copy as json" in diff.note


def test_outputs_pairs_renames_ignores_and_one_sided_files(v1_run: RunFolder,
                                                           v2_run: RunFolder) -> None:
    frame = pd.DataFrame({"row": [1, 2], "p": [0.1, 0.2]})
    v1_run.csv("outputs/preds.csv", frame)
    v2_run.csv("outputs/predictions.csv", frame.iloc[::-1])
    v1_run.text("logs/azureml/driver.log", "a")
    v2_run.text("user_logs/std_log.txt", "b")
    v1_run.text("outputs/only_v1.txt", "x")
    v2_run.text("outputs/only_v2.txt", "y")
    rules = OutputRules.from_dict({
        "files": {"predictions.csv": {"kind": "table", "key": ["row"]}},
        "rename": {"outputs/preds.csv": "outputs/predictions.csv"},
        "ignore": ["logs/*", "user_logs/*"]})
    found = compare_outputs(v1_run.evidence("v1"), v2_run.evidence("v2"), rules)
    assert [(d.path, d.severity, d.note.split(" (")[0].split(";")[0]) for d in found] == [
        ("outputs/only_v1.txt", "error", "file only in v1"),
        ("outputs/only_v2.txt", "warning", "file only in v2")]


def test_files_behind_metrics_are_left_to_the_metrics_comparator(v1_run: RunFolder,
                                                                 v2_run: RunFolder) -> None:
    v1_run.png("roc_1700000000.png", gradient())
    v2_run.png("roc.png", gradient())
    v1 = v1_run.evidence("v1", metrics={"roc": MetricSeries("image", ["roc_1700000000.png"])})
    v2 = v2_run.evidence("v2", metrics={"roc": MetricSeries("image", ["roc.png"])})
    assert compare_outputs(v1, v2) == []


def test_an_mlflow_model_folder_is_compared_as_one_model(tmp_path: Path, v1_run: RunFolder,
                                                         v2_run: RunFolder) -> None:
    import mlflow.sklearn

    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.normal(size=(30, 2)), columns=["a", "b"])
    y = x["a"] * 2 - x["b"]
    x.iloc[:5].to_csv(tmp_path / "probe.csv", index=False)
    v1_run.model("outputs/model.pkl", Ridge().fit(x, y))
    mlflow.sklearn.save_model(Ridge().fit(x, y), str(v2_run.root / "outputs/model"),
                              serialization_format="cloudpickle",
                              pip_requirements=["scikit-learn"])
    for path in sorted((v2_run.root / "outputs/model").iterdir()):
        v2_run._add(f"outputs/model/{path.name}")
    rules = OutputRules.from_dict({
        "files": {"model.pkl": {"kind": "model", "probe": "probe.csv"},
                  "model": {"kind": "model", "probe": "probe.csv"}},
        "rename": {"outputs/model.pkl": "outputs/model/MLmodel"}}, folder=tmp_path)
    assert compare_outputs(v1_run.evidence("v1"), v2_run.evidence("v2"), rules) == []
    v1_run.model("outputs/model.pkl", Ridge(alpha=100.0).fit(x, y))
    [diff] = compare_outputs(v1_run.evidence("v1"), v2_run.evidence("v2"), rules)
    assert diff.path.startswith("outputs/model.pkl -> outputs/model/MLmodel:predict[")
