"""Log parity: expected lines on both sides, forbidden lines on neither."""

from __future__ import annotations

from pathlib import Path

from harness.compare.logs import compare_logs
from harness.evidence import SideEvidence

V1_LOG = "Loading data\nepoch 1 loss 0.5\nTraining complete in 12.0 s\n"
V2_LOG = ("Loading data\nFutureWarning: Run.log is deprecated, use mlflow\n"
          "epoch 1 loss 0.5\n")


def test_expected_lines_found_on_both_sides_pass() -> None:
    v1, v2 = SideEvidence("v1", logs=V1_LOG), SideEvidence("v2", logs=V1_LOG)
    assert compare_logs(v1, v2, {"expect": [r"Training complete", r"epoch \d+ loss"],
                                 "forbid": ["(?i)deprecated"]}) == []


def test_a_missing_expected_line_and_a_forbidden_one_are_reported_with_their_lines() -> None:
    v1, v2 = SideEvidence("v1", logs=V1_LOG), SideEvidence("v2", logs=V2_LOG)
    expect, forbid = compare_logs(v1, v2, {"expect": ["Training complete"],
                                           "forbid": ["(?i)deprecated"]})
    assert (expect.path, expect.v1, expect.v2) == (
        "expect[0]", "'Training complete in 12.0 s'", "no match")
    assert expect.note == "the v2 log does not match /Training complete/"
    assert (forbid.path, forbid.v1) == ("forbid[0]", "no match")
    assert "deprecated" in forbid.v2 and forbid.note.startswith("the v2 log matches")


def test_logs_may_be_a_path_to_the_downloaded_log(tmp_path: Path) -> None:
    log = tmp_path / "std_log.txt"
    log.write_text(V1_LOG)
    v1, v2 = SideEvidence("v1", logs=str(log)), SideEvidence("v2", logs=V1_LOG)
    assert compare_logs(v1, v2, {"expect": ["^Training complete"]}) == []


def test_an_invalid_regex_is_reported_with_how_to_fix_it() -> None:
    [diff] = compare_logs(SideEvidence("v1"), SideEvidence("v2"), {"forbid": ["(unclosed"]})
    assert "compare.logs.forbid[0] is not a valid regex" in diff.note
