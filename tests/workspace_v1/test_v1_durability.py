"""Runs survive a server restart, and concurrent jobs from two processes lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from job_processes import kill_processes_in, processes_in
from sdk_scripts import SdkRunner, parse_report, script_command

from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace
from harness.workspace.settings import SETTINGS_FILE
from harness.workspace.state import StateStore

GATED = '''
import os, sys, time
from azureml.core import Run
run = Run.get_context()
run.log("before", 1)
print("waiting for the gate", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.1)
run.log("after", 1)
print("gate passed", flush=True)
'''

SUBMIT_GATED = """
    code, gate = sys.argv[1], sys.argv[2]
    exp = Experiment(ws, "restart")
    quick = exp.submit(ScriptRunConfig(source_directory=code, script="train.py",
                                       arguments=["--alpha", 0.5], compute_target="cpu-cluster"))
    quick.wait_for_completion()
    gated = exp.submit(ScriptRunConfig(source_directory=code, script="gated.py",
                                       arguments=[gate], compute_target="cpu-cluster"))
    print(json.dumps({"quick": quick.id, "gated": gated.id}))
"""

WAIT_AFTER_RESTART = """
    ids = json.loads(sys.argv[1])
    exp = Experiment(ws, "restart")
    report = {}
    for key, run_id in ids.items():
        run = Run(exp, run_id)
        run.wait_for_completion(raise_on_error=False)
        report[key] = [run.get_status(), run.get_metrics(),
                       [w.get("message") for w in run.get_details().get("warnings") or []]]
    print(json.dumps(report))
"""

STUBBORN = '''
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the cancel is still under way when the server stops
print("ignoring SIGTERM", flush=True)
time.sleep(600)
'''

SUBMIT = """
    code, script, arguments = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    run = Experiment(ws, "restart").submit(ScriptRunConfig(
        source_directory=code, script=script, arguments=arguments, compute_target="cpu-cluster"))
    print(json.dumps({"run": run.id}))
"""

CANCEL = """
    Run(Experiment(ws, "restart"), sys.argv[1]).cancel()
    print(json.dumps({}))
"""

STATE = """
    run = Run(Experiment(ws, "restart"), sys.argv[1])
    details = run.get_details()
    print(json.dumps({"status": run.get_status(),
                      "error": ((details.get("error") or {}).get("error") or {}).get("message"),
                      "warnings": [w.get("message") for w in details.get("warnings") or []]}))
"""

MANY = """
    code, tag = sys.argv[1], sys.argv[2]
    exp = Experiment(ws, "many")
    runs = [exp.submit(ScriptRunConfig(source_directory=code, script="busy.py",
                                       arguments=[tag, str(i)], compute_target="cpu-cluster"))
            for i in range(4)]
    report = {}
    for run in runs:
        run.wait_for_completion(raise_on_error=False)
        report[run.id] = [run.get_status(), run.get_metrics(), sorted(run.get_file_names())]
    print(json.dumps(report))
"""

BUSY = '''
import os, sys
from azureml.core import Run
tag, index = sys.argv[1], sys.argv[2]
run = Run.get_context()
for step in range(25):
    run.log("step", step)
run.log_list("values", list(range(10)))
run.tag("origin", f"{tag}-{index}")
os.makedirs("outputs", exist_ok=True)
for n in range(3):
    with open(f"outputs/file{n}.txt", "w") as handle:
        handle.write(f"{tag}-{index}-{n}")
'''


def _inline(script: str, **values: str) -> str:
    """Bind ``sys.argv`` entries of a script to literal values."""
    for index, value in enumerate(values.values(), start=1):
        script = script.replace(f"sys.argv[{index}]", repr(value))
    return script


@pytest.fixture
def restart_workspace(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A workspace the test stops and starts; `indirect` parameters are its settings."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    (folder / SETTINGS_FILE).write_text(json.dumps(getattr(request, "param", {})))
    runtime.start(folder)
    yield folder
    runtime.stop(folder)
    kill_processes_in(folder / "jobs")


def _restart(folder: Path) -> LocalWorkspace:
    runtime.stop(folder)
    return runtime.start(folder)


def _wait_for_status(folder: Path, run_id: str, status: str, timeout: float = 60) -> None:
    store = StateStore(folder)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = store.get("runhistory.runs", run_id)
        if run is not None and run["status"] == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} never reached {status}")


def test_a_restart_between_submit_and_wait_keeps_runs_and_metrics(
    restart_workspace: Path, run_v1: SdkRunner, code_dir: Path, tmp_path: Path
) -> None:
    (code_dir / "gated.py").write_text(GATED)
    gate = tmp_path / "gate"
    env = runtime.running(restart_workspace).env()  # type: ignore[union-attr]
    ids = run_v1(_inline(SUBMIT_GATED, code=str(code_dir), gate=str(gate)), env=env)
    _wait_for_status(restart_workspace, ids["gated"], "Running")

    runtime.stop(restart_workspace)
    workspace = runtime.start(restart_workspace)
    gate.touch()
    report = run_v1(_inline(WAIT_AFTER_RESTART, ids=json.dumps(ids)), env=workspace.env())

    status, metrics, _ = report["quick"]
    assert status == "Completed"
    assert metrics["alpha"] == 0.5 and metrics["loss"][-1] == pytest.approx(1 / 3)
    status, metrics, warnings = report["gated"]
    assert status == "Completed"
    assert metrics == {"before": 1, "after": 1}
    assert any("restarted" in w for w in warnings)


#: Two minutes between SIGTERM and SIGKILL: the cancel is surely still under way (the run
#: CancelRequested) when the test stops the server, however slow the machine.
@pytest.mark.parametrize("restart_workspace", [{"cancel_grace_s": 120}], indirect=True)
def test_a_run_canceled_before_a_restart_is_not_started_again(
    restart_workspace: Path, run_v1: SdkRunner, code_dir: Path
) -> None:
    (code_dir / "stubborn.py").write_text(STUBBORN)
    env = runtime.running(restart_workspace).env()  # type: ignore[union-attr]
    run_id = run_v1(_inline(SUBMIT, code=str(code_dir), file="stubborn.py",
                            arguments="[]"), env=env)["run"]
    _wait_for_status(restart_workspace, run_id, "Running")
    run_v1(_inline(CANCEL, run=run_id), env=env)
    _wait_for_status(restart_workspace, run_id, "CancelRequested")

    workspace = _restart(restart_workspace)
    state = run_v1(_inline(STATE, run=run_id), env=workspace.env())

    assert state["status"] == "Canceled"
    assert not any("started again" in w for w in state["warnings"])
    assert processes_in(restart_workspace / "jobs" / run_id) == []


def test_a_run_that_outlives_three_servers_ends_failed_saying_why(
    restart_workspace: Path, run_v1: SdkRunner, code_dir: Path, tmp_path: Path
) -> None:
    (code_dir / "gated.py").write_text(GATED)
    env = runtime.running(restart_workspace).env()  # type: ignore[union-attr]
    run_id = run_v1(_inline(SUBMIT, code=str(code_dir), file="gated.py",
                            arguments=json.dumps([str(tmp_path / "never")])), env=env)["run"]
    _wait_for_status(restart_workspace, run_id, "Running")
    for _ in range(2):
        _restart(restart_workspace)
        _wait_for_status(restart_workspace, run_id, "Running")

    workspace = _restart(restart_workspace)
    state = run_v1(_inline(STATE, run=run_id), env=workspace.env())

    assert state["status"] == "Failed"
    assert "restarted 3 times while this run was Running; giving up" in state["error"]
    assert [w for w in state["warnings"] if "started again" in w] == [
        "The local workspace restarted while this run was Running; it was started again "
        f"(attempt {n} of at most 3)." for n in (2, 3)]
    assert processes_in(restart_workspace / "jobs" / run_id) == []


def test_eight_concurrent_jobs_from_two_processes_lose_nothing(
    local_workspace: LocalWorkspace, code_dir: Path
) -> None:
    (code_dir / "busy.py").write_text(BUSY)
    env = {**os.environ, **local_workspace.env()}
    processes = [subprocess.Popen(script_command(_inline(MANY, code=str(code_dir), tag=tag)),
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
                 for tag in ("a", "b")]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        reports.append(parse_report(subprocess.CompletedProcess([], process.returncode,
                                                                out, err)))
    runs = {k: v for report in reports for k, v in report.items()}
    assert len(runs) == 8
    for status, metrics, files in runs.values():
        assert status == "Completed"
        assert metrics["step"] == list(range(25))
        assert metrics["values"] == list(range(10))
        assert [f for f in files if f.startswith("outputs/")] == [
            "outputs/file0.txt", "outputs/file1.txt", "outputs/file2.txt"]
