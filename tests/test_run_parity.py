"""Run parity end to end: real SDKs, the local workspace, side processes, verdicts."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from job_processes import kill_processes_in, processes_in
from sdk_scripts import V1_PREAMBLE, V2_PREAMBLE, run_sdk_script

from harness.sides.context import SideContext
from harness.sides.request import SideRequest
from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture
def diabetes(pytester: pytest.Pytester) -> Path:
    """A private copy of the diabetes scenario (and its shared scripts) to break on purpose."""
    for name in ("sklearn-diabetes",):
        shutil.copytree(BUNDLED / name, pytester.path / "scenarios" / name)
    return pytester.path / "scenarios" / "sklearn-diabetes"


def run_item(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("scenarios", "-m", "run", "-p", "no:cacheprovider", *args)


def verdicts(pytester: pytest.Pytester) -> list[dict]:
    return json.loads((pytester.path / "reports" / "verdicts.json").read_text())


def test_a_faithful_migration_passes_and_keeps_its_evidence(
    pytester: pytest.Pytester, diabetes: Path
) -> None:
    result = run_item(pytester)
    result.assert_outcomes(passed=1)
    run = json.loads((pytester.path / "reports/evidence/sklearn-diabetes/run/run.json").read_text())
    assert run["v1"]["status"] == run["v2"]["status"] == "Completed"
    assert len(run["v1"]["metrics"]["train_rmse"]["values"]) == 20
    assert set(run["v2"]["files"]) >= {"outputs/predictions.csv", "outputs/model.pkl"}


def test_a_script_that_raises_is_broken_with_its_own_error(
    pytester: pytest.Pytester, diabetes: Path
) -> None:
    script = diabetes / "v2" / "train.py"
    script.write_text(script.read_text().replace(
        "predictions = model.predict(X_test)",
        "raise ValueError('feature matrix has 9 columns, expected 10')",
    ))
    result = run_item(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*v2 run ended Failed*",
        "*ValueError: feature matrix has 9 columns, expected 10*",
    ])
    [verdict] = verdicts(pytester)
    assert verdict["outcome"] == "BROKEN"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalWorkspace]:
    """A local workspace this test holds, which the pytest run under test joins and leaves."""
    folder = tmp_path / "workspace"
    monkeypatch.setenv("AML_PARITY_WORKSPACE_DIR", str(folder))
    started = runtime.start(folder)
    yield started
    runtime.stop(folder)
    kill_processes_in(folder / "jobs")


def test_a_side_past_its_deadline_is_stopped_broken_and_its_job_canceled(
    pytester: pytest.Pytester, diabetes: Path, workspace: LocalWorkspace
) -> None:
    for side in ("v1", "v2"):
        script = diabetes / side / "train.py"
        script.write_text("import time\ntime.sleep(600)\n" + script.read_text())
    scenario = diabetes / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("timeouts: {run: 600}", "timeouts: {run: 30}"))
    result = run_item(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*v1 did not finish within 30 s*"])
    names = {side: _run_name(pytester, side) for side in ("v1", "v2")}
    for name in names.values():
        assert processes_in(workspace.directory / "jobs" / name) == []
    reason = "stopped by aml-parity: the side exceeded timeouts.run (30 s)"
    v1 = run_sdk_script("""
        run = Run(Experiment(ws, "parity-sklearn-diabetes"), sys.argv[1])
        warnings = [w.get("message") for w in run.get_details().get("warnings") or []]
        print(json.dumps({"status": run.get_status(), "warnings": warnings}))
    """, workspace.env(), names["v1"], preamble=V1_PREAMBLE)
    assert v1 == {"status": "Canceled", "warnings": [reason]}
    v2 = run_sdk_script("""
        import contextlib, io
        status = ml.jobs.get(sys.argv[1]).status
        streamed = io.StringIO()
        with contextlib.redirect_stdout(streamed):
            ml.jobs.stream(sys.argv[1])
        print(json.dumps({"status": status, "streamed": streamed.getvalue()}))
    """, workspace.env(), names["v2"], preamble=V2_PREAMBLE)
    assert v2["status"] == "Canceled"
    assert reason in v2["streamed"]
    result.stdout.fnmatch_lines([
        "v1 did not finish within 30 s *; it was stopped. Its run *_v1_* was canceled.",
        "v2 did not finish within 30 s *; it was stopped. Its run *_v2_* was canceled.",
    ])


def _run_name(pytester: pytest.Pytester, side: str) -> str:
    """The run id or job name the harness gave a side (from the request it wrote)."""
    [file] = (pytester.path / "reports").rglob(f"{side}.request.json")
    request = SideRequest.load(file)
    return SideContext("sklearn-diabetes", side, file.parent, "run", request.run_token).run_name


def test_a_changed_tolerance_is_rejudged_from_saved_evidence(
    pytester: pytest.Pytester, diabetes: Path
) -> None:
    run_item(pytester).assert_outcomes(passed=1)
    scenario = diabetes / "scenario.yaml"
    scenario.write_text(scenario.read_text() + "  logs:\n    expect: ['never printed']\n")
    cli = Path(sys.executable).parent / "aml-parity"
    result = pytester.run(cli, "rejudge", "scenarios", "--reports", "reports")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["*sklearn-diabetes::run: expected PASS*got DRIFT*", "*expect[[]0]*never printed*"]
    )


def test_a_killed_job_is_broken_not_drift(pytester: pytest.Pytester, diabetes: Path) -> None:
    script = diabetes / "v1" / "train.py"
    suicide = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
    script.write_text(suicide + script.read_text())
    result = run_item(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*v1 run ended Failed*"])
    [verdict] = verdicts(pytester)
    assert verdict["outcome"] == "BROKEN"


KILL_THE_WORKSPACE = '''
import os
import signal

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The local workspace dies after the session started it, before the sides reach it."""
    session = item.config.pluginmanager.get_plugin("aml-parity-session")
    os.kill(session.target().handle.pid, signal.SIGKILL)
'''


def test_a_workspace_that_died_is_named_with_its_log_not_a_proxy_error(
    pytester: pytest.Pytester, diabetes: Path
) -> None:
    pytester.makeconftest(KILL_THE_WORKSPACE)
    result = run_item(pytester)
    result.assert_outcomes(errors=1)
    out = result.stdout.str()
    assert "v1: the local workspace stopped (pid " in out
    assert "v2: the local workspace stopped (pid " in out
    assert ".aml-parity/workspace/server.log for why" in out
    assert "ProxyError" not in out and "Connection refused" not in out
    [verdict] = verdicts(pytester)
    assert verdict["outcome"] == "BROKEN" and verdict["broken_by"] == "harness"
