"""A side that breaks while recording leaves no cassette that would replay the breakage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cassettes.keep import previous_of, set_aside, settle

ROOT = Path(__file__).resolve().parents[2]


def test_a_broken_recording_puts_the_previous_cassette_back(
    pytester: pytest.Pytester,
) -> None:
    shutil.copytree(ROOT / "scenarios" / "sklearn-diabetes",
                    pytester.path / "scenarios" / "sklearn-diabetes")
    shutil.copytree(ROOT / "cassettes" / "sklearn-diabetes",
                    pytester.path / "cassettes" / "sklearn-diabetes")
    cassettes = pytester.path / "cassettes" / "sklearn-diabetes"
    before = {p.name: p.read_bytes() for p in cassettes.glob("*.yaml")}
    script = pytester.path / "scenarios" / "sklearn-diabetes" / "v2" / "train.py"
    script.write_text(script.read_text().replace(
        "predictions = model.predict(X_test)",
        "raise ValueError('feature matrix has 9 columns, expected 10')"))

    result = pytester.runpytest_subprocess("scenarios", "-m", "run", "--record-mode=all",
                                           "-p", "no:cacheprovider")

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*recording of this broken side was not kept*v2-run.yaml*"])
    assert (cassettes / "v2-run.yaml").read_bytes() == before["v2-run.yaml"]
    assert (cassettes / "v1-run.yaml").read_bytes() != before["v1-run.yaml"]  # it completed
    assert not list(cassettes.glob("*.previous"))


def test_a_first_recording_of_a_broken_side_is_removed(tmp_path: Path) -> None:
    cassette = tmp_path / "v2-run.yaml"
    set_aside(cassette)
    cassette.write_text("interactions: []\n")
    assert "removed" in settle(cassette, keep=False)
    assert not cassette.exists()


def test_a_completed_or_expected_breakage_keeps_the_new_recording(tmp_path: Path) -> None:
    cassette = tmp_path / "v1-endpoint.yaml"
    cassette.write_text("old\n")
    set_aside(cassette)
    cassette.write_text("new\n")
    assert settle(cassette, keep=True) == ""
    assert cassette.read_text() == "new\n" and not previous_of(cassette).exists()


def test_a_replay_of_a_stale_cassette_warns_naming_the_changed_files(
    pytester: pytest.Pytester,
) -> None:
    shutil.copytree(ROOT / "scenarios" / "sklearn-diabetes",
                    pytester.path / "scenarios" / "sklearn-diabetes")
    folder = pytester.path / "scenarios" / "sklearn-diabetes"
    args = ("scenarios", "-m", "run", "-p", "no:cacheprovider")
    pytester.runpytest_subprocess(*args, "--record-mode=all").assert_outcomes(passed=1)
    fresh = pytester.runpytest_subprocess(*args, "--record-mode=none")
    fresh.assert_outcomes(passed=1)
    assert "StaleCassetteWarning" not in fresh.stdout.str()

    (folder / "NOTES.md").write_text("why alpha is 0.0001\n")
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text() + "# reviewed\n")
    stale = pytester.runpytest_subprocess(*args, "--record-mode=none")

    stale.assert_outcomes(passed=1, warnings=2)  # one per side cassette
    stale.stdout.fnmatch_lines([
        "*StaleCassetteWarning: cassettes/sklearn-diabetes/v*-run.yaml was recorded before "
        "these changed: sklearn-diabetes/NOTES.md (added), sklearn-diabetes/scenario.yaml "
        "(edited)*--record-mode=all*"])
