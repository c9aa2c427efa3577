"""The shared tolerance rule: |v1 - v2| <= abs + rel * |v1|, the same in every comparator."""

from __future__ import annotations

import numpy as np
import pytest

from harness.compare import globs
from harness.compare.numeric import (
    EXACT,
    Tolerance,
    compare_flat,
    describe,
    parse_tolerance,
    within,
)


def test_within_follows_the_isclose_rule_with_v1_as_reference() -> None:
    tol = Tolerance(abs=0.0, rel=0.1)
    assert within([10.0, 10.0], [11.0, 11.01], tol).tolist() == [True, False]
    assert within([11.0], [10.0], tol).tolist() == [True]
    assert not within(1.0, 1.0 + 1e-12, EXACT)


def test_equal_infinities_and_two_nans_agree_but_nan_and_a_number_do_not() -> None:
    a = np.array([np.inf, np.nan, np.nan, 1.0])
    b = np.array([np.inf, np.nan, 1.0, -np.inf])
    assert within(a, b, Tolerance(1.0)).tolist() == [True, True, False, False]
    report = compare_flat(a, b, Tolerance(1.0))
    assert (report.beyond, report.worst_index) == (2, 2)


def test_blocked_comparison_finds_the_worst_element_across_blocks() -> None:
    a = np.zeros(200_000)
    b = a.copy()
    b[[5, 150_001]] = [0.1, 0.3]
    report = compare_flat(a, b, Tolerance(abs=0.05))
    assert (report.beyond, report.worst_index, report.worst_delta) == (2, 150_001, 0.3)
    assert compare_flat(a, b, Tolerance(abs=0.5)).ok


@pytest.mark.parametrize("tol", [EXACT, Tolerance(1e-6, 0.0), Tolerance(0.0, 2.5e-3)])
def test_describe_and_parse_are_inverse(tol: Tolerance) -> None:
    assert parse_tolerance(describe(tol)) == tol
    assert parse_tolerance(f"table: {describe(tol)}") == tol


def test_describe_reads_like_the_scenario_file() -> None:
    assert describe(Tolerance.from_dict({"abs": 1e-6})) == "abs 1e-06, rel 0"
    assert describe(Tolerance.from_dict(None)) == "exact"


def test_glob_specificity_and_prefix_renames() -> None:
    table = {"*": 1, "train_*": 2, "train_loss": 3}
    assert globs.most_specific(["train_loss"], table) == 3
    assert globs.most_specific(["train_acc"], table) == 2
    assert globs.most_specific(["x"], {"y": 1}) is None
    assert globs.renamed("acc_table.k", {"acc_table": "accuracy"}) == "accuracy.k"
    assert globs.renamed("outputs/a/b.csv", {"outputs/a/": "outputs/b/"}) == "outputs/b/b.csv"
