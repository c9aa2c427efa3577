"""The plugin as users drive it: pytest collects scenarios, runs spec items, explains drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture
def suite(pytester: pytest.Pytester) -> Path:
    """A copy of the bundled scenarios the test may edit."""
    target = pytester.path / "scenarios"
    shutil.copytree(BUNDLED, target)
    return target


def test_bundled_spec_items_pass_and_known_drift_is_detected(
    pytester: pytest.Pytester, suite: Path
) -> None:
    result = pytester.runpytest("scenarios", "-m", "spec", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(list(suite.glob("*/scenario.yaml"))))
    result.stdout.fnmatch_lines(["*aml-parity verdicts*", "*drift-wrong-alpha*DRIFT (ok)*"])


def test_a_changed_argument_fails_naming_the_field_and_both_values(
    pytester: pytest.Pytester, suite: Path
) -> None:
    job = suite / "sklearn-diabetes" / "job.yml"
    job.write_text(job.read_text().replace("epochs: 20", "epochs: 25"))
    result = pytester.runpytest("scenarios/sklearn-diabetes", "-m", "spec")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*sklearn-diabetes::spec: expected PASS (expect: parity), got DRIFT, 1 difference*",
         "*job.command*20*25*exact*value of --epochs*"]
    )
    assert "Traceback" not in result.stdout.str()


def test_expect_drift_fails_when_the_drift_is_gone(pytester: pytest.Pytester, suite: Path) -> None:
    job = suite / "drift-wrong-alpha" / "job.yml"
    fixed = job.read_text().replace("alpha: 0.001 ", "alpha: 0.0001 ")
    fixed = fixed.replace("instance_count: 2", "instance_count: 1")
    job.write_text(fixed)
    result = pytester.runpytest("scenarios/drift-wrong-alpha", "-m", "spec")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*drift-wrong-alpha::spec: expected DRIFT (expect: drift), got PASS: both sides agree*"])


def test_a_broken_scenario_does_not_stop_the_others(pytester: pytest.Pytester, suite: Path) -> None:
    (suite / "pytorch-distributed" / "scenario.yaml").write_text("v1: v1_job.py:build\nv2: [\n")
    result = pytester.runpytest(
        "scenarios/pytorch-distributed", "scenarios/iris-logging", "-m", "not run"
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*pytorch-distributed/scenario.yaml:*not valid YAML*",
                                 "*aml-parity verdicts*", "*pytorch-distributed*scenario*BROKEN*"])
    summary = (pytester.path / "reports" / "summary.md").read_text()
    assert "| pytorch-distributed | scenario | ❌ BROKEN |" in summary


def test_a_raising_callable_is_broken_with_its_own_error(
    pytester: pytest.Pytester, suite: Path
) -> None:
    v1 = suite / "pytorch-distributed" / "v1_job.py"
    broken = v1.read_text().replace("    env = Environment(", "    1 / 0\n    env = Environment(")
    v1.write_text(broken)
    result = pytester.runpytest("scenarios/pytorch-distributed")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*v1 callable 'v1_job.py:build' raised ZeroDivisionError: division by zero*v1_job.py:11*"]
    )
    assert "Traceback" not in result.stdout.str()
    assert "The above exception" not in result.stdout.str()


def test_keyword_and_marker_selection(pytester: pytest.Pytester, suite: Path) -> None:
    result = pytester.runpytest("scenarios", "-k", "pytorch", "-m", "distributed")
    result.assert_outcomes(passed=1)


def test_parallel_workers_collect_and_run_the_same_items(
    pytester: pytest.Pytester, suite: Path
) -> None:
    result = pytester.runpytest_subprocess("scenarios", "-m", "spec", "-n", "2")
    names = sorted(p.parent.name for p in suite.glob("*/scenario.yaml"))
    result.assert_outcomes(passed=len(names))
    verdicts = json.loads((pytester.path / "reports" / "verdicts.json").read_text())
    assert sorted(v["scenario"] for v in verdicts) == names


def test_ini_options_are_validated(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparity_target = moon\n")
    result = pytester.runpytest()
    result.stderr.fnmatch_lines(["*parity_target = 'moon'*not one of local, azure*"])


def test_a_session_without_scenario_items_leaves_no_reports_folder(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_unit="def test_unit():\n    assert True\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    shutil.copytree(BUNDLED / "pytorch-distributed", pytester.path / "scenarios" / "pytorch")
    result = pytester.runpytest("scenarios", "-m", "run", "-p", "no:cacheprovider")
    result.assert_outcomes()  # the scenario's only item is deselected
    assert not (pytester.path / "reports").exists()


@pytest.mark.parametrize("selection", [
    ["-m", "spec"], ["-m", "not run"], ["-m", "endpoint and not spec"], ["-k", "diabetes"],
    ["-k", "not scenario"],
])
def test_a_broken_scenario_file_is_never_filtered_out(
    pytester: pytest.Pytester, selection: list[str]
) -> None:
    broken = pytester.path / "scenarios" / "half-written"
    broken.mkdir(parents=True)
    (broken / "scenario.yaml").write_text("v1: v1_job.py:build\nv2: [\n")
    result = pytester.runpytest("scenarios", *selection, "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*half-written/scenario.yaml:*not valid YAML*"])
    assert "deselected" not in result.stdout.str()


def test_a_broken_scenario_file_can_still_be_deselected_by_its_id(
    pytester: pytest.Pytester,
) -> None:
    broken = pytester.path / "scenarios" / "half-written"
    broken.mkdir(parents=True)
    (broken / "scenario.yaml").write_text("v1: v1_job.py:build\nv2: [\n")
    result = pytester.runpytest("scenarios", "-p", "no:cacheprovider", "-m", "spec",
                                "--deselect", "scenarios/half-written/scenario.yaml::scenario")
    result.assert_outcomes(deselected=1)
