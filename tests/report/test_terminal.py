"""The terminal tables: user and SDK text shown as written, expectations stated first."""

from __future__ import annotations

from harness.compare.verdict import Difference, Outcome, Verdict
from harness.report.terminal import (
    difference_table,
    summary_table,
    verdict_message,
    warnings_section,
)

NOTE = ("Declare compare.endpoint.normalise: [unwrap_json_string] only if the v2 scoring "
        "script returns JSON text on purpose")


def test_square_brackets_in_notes_and_values_are_printed_not_read_as_markup() -> None:
    table = difference_table([Difference("endpoint", "batch-0.body", "[1.5]", "[bold]x[/bold]",
                                         note=NOTE)])
    assert "[unwrap_json_string]" in table and "[bold]x[/bold]" in table
    summary = summary_table([Verdict("s", "endpoint", Outcome.BROKEN, [], "parity",
                                     "v2 deployment Failed: [red]boom[/red]")])
    assert "[red]boom[/red]" in summary


def test_an_unmet_expectation_says_what_was_expected_before_what_happened() -> None:
    passed = Verdict("s", "spec", Outcome.PASS, [], "broken")
    assert verdict_message(passed).splitlines()[0] == (
        "s::spec: expected BROKEN (expect: broken), got PASS: both sides agree.")
    drift_gone = Verdict("s", "run", Outcome.PASS, [], "drift")
    assert verdict_message(drift_gone).startswith(
        "s::run: expected DRIFT (expect: drift), got PASS: both sides agree")
    drifted = Verdict("s", "run", Outcome.DRIFT, [Difference("metrics", "r2", 0.5, 0.1)])
    assert verdict_message(drifted).startswith(
        "s::run: expected PASS (expect: parity), got DRIFT, 1 difference beyond tolerance")
    harness = Verdict.broken("s", "endpoint", "v1: no cassette at x", "broken")
    message = verdict_message(harness)
    assert message.startswith("s::endpoint: expected BROKEN (expect: broken), got BROKEN "
                              "before the sides ran")
    assert message.endswith("v1: no cassette at x")


def test_warnings_of_passing_items_are_listed_at_the_end_of_the_session() -> None:
    typo = Difference("spec", "compare.spec.ignore", "job.enviroment", None, severity="warning",
                      note="this pattern matches no field of either spec")
    absorbed = Difference("metrics", "r2", 0.5, 0.5000001, noise=True)
    section = warnings_section([Verdict("a", "spec", Outcome.PASS, [typo]),
                                Verdict("b", "run", Outcome.PASS, [absorbed])])
    assert section.splitlines()[0].strip() == "a::spec: 1 warning"
    assert "job.enviroment" in section and "b::run" not in section
    assert warnings_section([Verdict("c", "spec", Outcome.PASS, [])]) == ""
