"""summary.md: the pull-request comment, one table with a link per item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_support import drift_verdict, pass_verdict

from harness.compare.verdict import Difference, Outcome, Verdict
from harness.report.summary import summary_markdown, write_links, write_session_reports


def test_one_row_per_item_with_the_worst_difference_and_the_evidence_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AML_PARITY_REPORT_URL", raising=False)
    verdicts = [drift_verdict(), pass_verdict("iris-logging"),
                drift_verdict("drift-wrong-alpha", "spec", expect="drift"),
                Verdict("noisy", "run", Outcome.BROKEN, [], "parity", "v2 run ended Failed: x|y")]
    write_session_reports(tmp_path, [v.to_dict() for v in verdicts])
    text = (tmp_path / "summary.md").read_text()
    assert "2 of 4 items as expected." in text
    assert ("| sklearn-diabetes | run | ❌ DRIFT | `train_rmse`: 54.4 → 77.5 | "
            "[evidence](evidence/sklearn-diabetes/run/) |") in text
    assert "| drift-wrong-alpha | spec | ✅ DRIFT (expected) |" in text
    assert "v2 run ended Failed: x\\|y" in text  # a pipe would break the table
    assert json.loads((tmp_path / "verdicts.json").read_text())[0]["outcome"] == "DRIFT"


def test_links_lead_into_the_report_once_it_is_built_or_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AML_PARITY_REPORT_URL", raising=False)
    write_links(tmp_path / "report-links.json", {"iris-logging::spec": "abc123"})
    verdicts = [pass_verdict("iris-logging")]
    assert "[evidence](evidence/iris-logging/spec/)" in summary_markdown(verdicts, tmp_path)
    built = summary_markdown(verdicts, tmp_path, report_built=True)
    assert "[report](allure-report/index.html#abc123)" in built
    monkeypatch.setenv("AML_PARITY_REPORT_URL", "https://example.test/run/7/")
    published = summary_markdown(verdicts, tmp_path)
    assert "[report](https://example.test/run/7/index.html#abc123)" in published


def test_the_certificate_heads_the_summary(tmp_path: Path) -> None:
    (tmp_path / "certificate.json").write_text(json.dumps({"certified": False, "scenarios": {
        "a": {"certified": True}, "b": {"certified": False}}}))
    assert "**Not certified**: b." in summary_markdown([pass_verdict("a")], tmp_path)
    (tmp_path / "certificate.json").write_text(json.dumps({"certified": True, "scenarios": {}}))
    assert "**Certified for cutover**" in summary_markdown([pass_verdict("a")], tmp_path)


def test_an_expected_breakage_is_marked_expected_and_its_error_kept_short() -> None:
    error = ("v2 deployment Failed: (ResourceNotReady) User container has crashed: "
             + "FileNotFoundError: /very/long/path/model.pkl. " * 10)
    verdict = Verdict("model-dir", "endpoint", Outcome.BROKEN, [], "broken", error, "run")
    row = next(line for line in summary_markdown([verdict]).splitlines()
               if line.startswith("| model-dir"))
    assert "| ✅ BROKEN (expected) | v2 deployment Failed: (ResourceNotReady)" in row
    assert row.count("model.pkl") == 1 and len(row) < 300  # said once, and short


def test_a_subset_run_is_headed_not_certified_naming_what_did_not_run(tmp_path: Path) -> None:
    (tmp_path / "certificate.json").write_text(json.dumps({
        "certified": False, "not_run": [f"s{i}" for i in range(7)],
        "scenarios": {"mine": {"certified": True}}}))
    head = summary_markdown([pass_verdict("mine")], tmp_path).splitlines()[2]
    assert head == ("**Not certified**: 7 scenario(s) not run (s0, s1, s2, s3, s4, …); "
                    "`aml-parity certify --require GLOB` certifies a subset.")


def test_a_passing_items_warnings_are_listed_under_the_table(tmp_path: Path) -> None:
    typo = Difference("spec", "compare.spec.ignore", "job.enviroment", None, severity="warning",
                      note="this pattern matches no field of either spec")
    text = summary_markdown([Verdict("a", "spec", Outcome.PASS, [typo])], tmp_path)
    assert "1 of 1 items as expected." in text
    assert text.endswith("## Warnings\n\n- **a::spec** `compare.spec.ignore` job.enviroment → "
                         "(absent): this pattern matches no field of either spec\n")
    assert "## Warnings" not in summary_markdown([pass_verdict("b")], tmp_path)
