"""Table outputs: keyed alignment forgives row order; a changed cell names its row and column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from compare_support import RunFolder

from harness.compare.base import FileRule
from harness.compare.files import compare_file

KEYED = FileRule.from_dict({"kind": "table", "key": ["row"], "tolerance": {"abs": 1e-9},
                            "columns": {"predicted": {"rel": 1e-6}}})


@pytest.fixture
def predictions() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"row": np.arange(50), "predicted": rng.normal(100, 10, 50),
                         "label": rng.choice(["a", "b"], 50)})


def compare(v1_run: RunFolder, v2_run: RunFolder, left: pd.DataFrame, right: pd.DataFrame,
            rule: FileRule = KEYED) -> list:
    a = v1_run.csv("outputs/predictions.csv", left)
    b = v2_run.csv("outputs/predictions.csv", right)
    return compare_file("outputs/predictions.csv", a, b, rule)


def test_shuffled_rows_match_by_key(v1_run: RunFolder, v2_run: RunFolder,
                                    predictions: pd.DataFrame) -> None:
    shuffled = predictions.sample(frac=1.0, random_state=3)
    shuffled["predicted"] *= 1 + 1e-8
    assert compare(v1_run, v2_run, predictions, shuffled) == []


def test_changed_cell_names_its_row_key_and_column(v1_run: RunFolder, v2_run: RunFolder,
                                                   predictions: pd.DataFrame) -> None:
    changed = predictions.sample(frac=1.0, random_state=3).copy()
    changed.loc[changed["row"] == 17, "predicted"] += 0.5
    [diff] = compare(v1_run, v2_run, predictions, changed)
    assert diff.path == "outputs/predictions.csv[row=17].predicted"
    assert diff.v2 != diff.v1
    assert "1 of 50 cell(s) in column 'predicted'" in diff.note
    assert diff.tolerance == "table: abs 0, rel 1e-06"


def test_text_columns_compare_exactly(v1_run: RunFolder, v2_run: RunFolder,
                                      predictions: pd.DataFrame) -> None:
    changed = predictions.copy()
    changed.loc[3, "label"] = "z"
    [diff] = compare(v1_run, v2_run, predictions, changed)
    assert diff.path == "outputs/predictions.csv[row=3].label" and diff.v2 == "'z'"


def test_rows_and_columns_on_one_side_are_summarised(v1_run: RunFolder, v2_run: RunFolder,
                                                      predictions: pd.DataFrame) -> None:
    v2 = predictions[predictions["row"] >= 2].assign(extra=1).drop(columns="label")
    notes = {d.note for d in compare(v1_run, v2_run, predictions, v2)}
    assert "1 column(s) only in v1" in notes and "1 column(s) only in v2" in notes
    assert "2 row(s) only in v1: row=0, row=1" in notes


def test_duplicate_keys_are_a_warning_and_deduplicated(v1_run: RunFolder, v2_run: RunFolder,
                                                       predictions: pd.DataFrame) -> None:
    retried = pd.concat([predictions, predictions.iloc[:3]])
    [diff] = compare(v1_run, v2_run, predictions, retried)
    assert diff.severity == "warning" and "3 duplicate key row(s) in v2" in diff.note


def test_without_key_rows_compare_by_position(v1_run: RunFolder, v2_run: RunFolder,
                                              predictions: pd.DataFrame) -> None:
    rule = FileRule.from_dict({"kind": "table", "tolerance": {"abs": 1e-9}})
    shuffled = predictions.sample(frac=1.0, random_state=3)
    found = compare(v1_run, v2_run, predictions, shuffled, rule)
    assert found and all("[" in d.path for d in found)


def test_missing_key_column_says_how_to_fix(v1_run: RunFolder, v2_run: RunFolder,
                                            predictions: pd.DataFrame) -> None:
    rule = FileRule.from_dict({"kind": "table", "key": ["id"]})
    [diff] = compare(v1_run, v2_run, predictions, predictions.assign(row=predictions.row + 0.5),
                     rule)
    assert "fix `key`" in diff.note


def test_parquet_tables_are_read_when_an_engine_is_installed(
        v1_run: RunFolder, v2_run: RunFolder, predictions: pd.DataFrame) -> None:
    pytest.importorskip("pyarrow")
    for run in (v1_run, v2_run):
        predictions.to_parquet(run._target("p.parquet"))
        run._add("p.parquet")
    assert compare_file("p.parquet", v1_run.files["p.parquet"], v2_run.files["p.parquet"],
                        FileRule(kind="table")) == []
