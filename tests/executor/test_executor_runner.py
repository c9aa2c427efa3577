"""Jobs run as real processes: life cycle, logs, failures, cancel, timeout and queueing."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from executor_support import WAIT, JobMaker, StatusRecorder, eventually, process_alive

from harness.workspace.executor import Executor, JobKind, JobSpec, RunStatus, UnknownJobError

HAPPY_PATH = [
    RunStatus.QUEUED,
    RunStatus.PREPARING,
    RunStatus.RUNNING,
    RunStatus.FINALIZING,
    RunStatus.COMPLETED,
]


def log_lines(spec: JobSpec) -> list[str]:
    return spec.log_path.read_text().splitlines() if spec.log_path.exists() else []


def test_a_successful_job_logs_every_line_in_order(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job(
        """
        import sys
        for i in range(200):
            print(f"line {i}")
        print("to stderr", file=sys.stderr)
        """
    )
    executor.submit(spec)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.COMPLETED
    assert info.exit_code == 0
    assert info.error is None
    assert info.start_time is not None and info.end_time is not None
    assert info.submit_time <= info.start_time <= info.end_time
    assert recorder.statuses(spec.job_id) == HAPPY_PATH
    lines = log_lines(spec)
    assert [line for line in lines if line.startswith("line ")] == [f"line {i}" for i in range(200)]
    assert "to stderr" in lines


def test_the_log_can_be_read_while_the_job_runs(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    spec = make_job(
        f"""
        import os, time
        print("first")
        while not os.path.exists({str(go)!r}):
            time.sleep(0.01)
        print("second")
        """
    )
    executor.submit(spec)
    eventually(lambda: "first" in log_lines(spec))

    assert executor.status(spec.job_id).status is RunStatus.RUNNING
    assert "second" not in log_lines(spec)
    go.touch()
    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    assert log_lines(spec)[-1] == "second"


def test_a_script_that_raises_fails_with_the_exception_in_the_error(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job(
        """
        def train():
            return 1 / 0
        train()
        """
    )
    executor.submit(spec)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.exit_code == 1
    assert info.error is not None
    assert "ZeroDivisionError: division by zero" in info.error
    assert "exited with status code 1" in info.error
    assert "check log file 'user_logs/std_log.txt'" in info.error
    assert recorder.statuses(spec.job_id)[-2:] == [RunStatus.FINALIZING, RunStatus.FAILED]


def test_cancel_stops_the_job_and_its_children(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job(
        """
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        print(f"child {child.pid}", flush=True)
        time.sleep(60)
        """
    )
    executor.submit(spec)
    eventually(lambda: any(line.startswith("child ") for line in log_lines(spec)))
    child_pid = int(next(line for line in log_lines(spec) if line.startswith("child "))[6:])

    started = time.monotonic()
    executor.cancel(spec.job_id)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.CANCELED
    assert time.monotonic() - started < 2.0
    assert recorder.statuses(spec.job_id)[-2:] == [
        RunStatus.CANCEL_REQUESTED,
        RunStatus.CANCELED,
    ]
    eventually(lambda: not process_alive(child_pid), timeout=5)


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(
    recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job(
        """
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("stubborn", flush=True)
        time.sleep(60)
        """
    )
    with Executor(max_concurrent=1, on_status=recorder, cancel_grace=0.3) as executor:
        executor.submit(spec)
        eventually(lambda: "stubborn" in log_lines(spec))
        executor.cancel(spec.job_id)
        info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.CANCELED
    assert info.exit_code == -9


def test_cancel_of_a_queued_job_never_starts_it(
    recorder: StatusRecorder, make_job: JobMaker, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    blocker = make_job(
        f"""
        import os, time
        while not os.path.exists({str(go)!r}):
            time.sleep(0.01)
        """
    )
    queued = make_job("print('must not run')")
    with Executor(max_concurrent=1, on_status=recorder) as executor:
        executor.submit(blocker)
        executor.submit(queued)
        recorder.wait_for(blocker.job_id, RunStatus.RUNNING)
        executor.cancel(queued.job_id)
        go.touch()
        assert executor.wait(blocker.job_id, WAIT).status is RunStatus.COMPLETED

    assert recorder.statuses(queued.job_id) == [RunStatus.QUEUED, RunStatus.CANCELED]
    assert not queued.log_path.exists()


def test_eight_jobs_with_three_slots_never_run_more_than_three(
    recorder: StatusRecorder, make_job: JobMaker, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    script = f"""
        import os, time
        while not os.path.exists({str(go)!r}):
            time.sleep(0.01)
        """
    specs = [make_job(script) for _ in range(8)]
    occupying = {RunStatus.PREPARING, RunStatus.RUNNING, RunStatus.FINALIZING}
    busy: set[str] = set()
    most = 0
    counting = threading.Lock()

    def count(job_id: str, status: RunStatus, info: object) -> None:
        nonlocal most
        with counting:
            if status in occupying:
                busy.add(job_id)
            elif status.is_terminal:
                busy.discard(job_id)
            most = max(most, len(busy))
        recorder(job_id, status, info)  # type: ignore[arg-type]

    with Executor(max_concurrent=3, on_status=count) as executor:
        for spec in specs:
            executor.submit(spec)
        recorder.wait_until(lambda: len(busy) == 3)
        waiting = [executor.status(s.job_id).status for s in specs]
        assert waiting.count(RunStatus.QUEUED) == 5
        go.touch()
        finals = [executor.wait(s.job_id, WAIT).status for s in specs]

    assert finals == [RunStatus.COMPLETED] * 8
    assert most == 3


def test_a_job_past_its_timeout_fails_with_a_clear_message(
    executor: Executor, make_job: JobMaker
) -> None:
    spec = make_job("import time; time.sleep(60)", timeout=0.5)
    started = time.monotonic()
    executor.submit(spec)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.error is not None and "timeout of 0.5 seconds" in info.error
    assert time.monotonic() - started < 5


def test_an_error_in_prepare_fails_the_job_before_it_runs(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job("print('must not run')")

    def prepare(_: JobSpec) -> None:
        raise FileNotFoundError("snapshot 1234 is missing")

    executor.submit(spec, prepare=prepare)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.error == "Preparing the job failed: FileNotFoundError: snapshot 1234 is missing"
    assert recorder.statuses(spec.job_id) == [
        RunStatus.QUEUED,
        RunStatus.PREPARING,
        RunStatus.FAILED,
    ]
    assert not spec.log_path.exists()


def test_an_error_in_finalize_fails_a_job_whose_script_succeeded(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job("print('trained')")
    finalized: list[str] = []

    def finalize(done: JobSpec) -> None:
        finalized.append(done.job_id)
        raise OSError("upload of ./outputs failed")

    executor.submit(spec, finalize=finalize)
    info = executor.wait(spec.job_id, WAIT)

    assert finalized == [spec.job_id]
    assert info.status is RunStatus.FAILED
    assert info.exit_code == 0
    assert info.error == "Finalizing the job failed: OSError: upload of ./outputs failed"


def test_finalize_also_runs_after_the_script_failed(executor: Executor, make_job: JobMaker) -> None:
    spec = make_job("raise SystemExit('bad input data')")
    finalized: list[str] = []
    executor.submit(spec, finalize=lambda done: finalized.append(done.job_id))
    info = executor.wait(spec.job_id, WAIT)

    assert finalized == [spec.job_id]
    assert info.status is RunStatus.FAILED
    assert info.error is not None and "bad input data" in info.error


def test_prepare_can_hand_back_the_spec_to_run(executor: Executor, make_job: JobMaker) -> None:
    spec = make_job("import sys; print('args', sys.argv[1:])", command="false")

    def prepare(planned: JobSpec) -> JobSpec:
        return JobSpec(
            job_id=planned.job_id,
            kind=planned.kind,
            working_dir=planned.working_dir,
            log_path=planned.log_path,
            command="python main.py --lr 0.1",
        )

    executor.submit(spec, prepare=prepare)

    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    assert "args ['--lr', '0.1']" in log_lines(spec)


def test_a_v1_argument_list_runs_without_a_shell_in_the_harness_interpreter(
    executor: Executor, make_job: JobMaker
) -> None:
    spec = make_job(
        "import sys; print(sys.prefix); print(sys.argv[1:])",
        kind=JobKind.V1,
        argv=["python", "main.py", "--note", "$HOME; echo injected"],
        log_name=JobKind.V1.log_name,
    )
    executor.submit(spec)

    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    assert log_lines(spec) == [sys.prefix, "['--note', '$HOME; echo injected']"]


def test_cancel_while_preparing_ends_canceled_without_running(
    executor: Executor, recorder: StatusRecorder, make_job: JobMaker
) -> None:
    spec = make_job("print('must not run')")
    entered, release = threading.Event(), threading.Event()

    def prepare(_: JobSpec) -> None:
        entered.set()
        release.wait(WAIT)

    executor.submit(spec, prepare=prepare)
    assert entered.wait(WAIT)
    executor.cancel(spec.job_id)
    release.set()

    assert executor.wait(spec.job_id, WAIT).status is RunStatus.CANCELED
    assert recorder.statuses(spec.job_id) == [
        RunStatus.QUEUED,
        RunStatus.PREPARING,
        RunStatus.CANCEL_REQUESTED,
        RunStatus.CANCELED,
    ]
    assert not spec.log_path.exists()


def test_a_missing_interpreter_fails_fast(executor: Executor, make_job: JobMaker) -> None:
    spec = make_job("print('x')", python=Path("/nowhere/bin/python"))
    started = time.monotonic()
    executor.submit(spec)
    info = executor.wait(spec.job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.error is not None and "/nowhere/bin/python" in info.error
    assert time.monotonic() - started < 2


def test_a_program_that_does_not_exist_fails_fast(executor: Executor, make_job: JobMaker) -> None:
    spec = make_job(argv=["no-such-program-aml-parity", "x"])
    info = executor.wait(executor.submit(spec).job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.error is not None and "no-such-program-aml-parity" in info.error


def test_a_missing_working_folder_fails_the_job(
    executor: Executor, make_job: JobMaker, tmp_path: Path
) -> None:
    spec = make_job("print('x')", working_dir=tmp_path / "not-there")
    info = executor.wait(executor.submit(spec).job_id, WAIT)

    assert info.status is RunStatus.FAILED
    assert info.error is not None and "not-there" in info.error


def test_python_in_a_command_is_the_harness_interpreter(
    executor: Executor, make_job: JobMaker
) -> None:
    spec = make_job("import sys; print(sys.prefix)", kind=JobKind.V1)
    executor.submit(spec)

    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    assert log_lines(spec) == [sys.prefix]


def test_a_job_sees_its_own_variables_and_not_the_harness_run_context(
    executor: Executor, make_job: JobMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZUREML_RUN_ID", "the-harness-own-run")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://somewhere-else")
    spec = make_job(
        """
        import os
        for name in ("AZUREML_RUN_ID", "MLFLOW_TRACKING_URI", "EXTRA"):
            print(name, os.environ.get(name))
        """,
        env={"AZUREML_RUN_ID": "job-run", "EXTRA": "1"},
    )
    executor.submit(spec)

    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    assert log_lines(spec) == ["AZUREML_RUN_ID job-run", "MLFLOW_TRACKING_URI None", "EXTRA 1"]


def test_shutdown_cancels_running_jobs(recorder: StatusRecorder, make_job: JobMaker) -> None:
    spec = make_job("import time; print('up', flush=True); time.sleep(60)")
    executor = Executor(max_concurrent=2, on_status=recorder, cancel_grace=1.0)
    executor.submit(spec)
    eventually(lambda: "up" in log_lines(spec))
    executor.shutdown()

    assert executor.status(spec.job_id).status is RunStatus.CANCELED
    with pytest.raises(RuntimeError):
        executor.submit(make_job("print(1)"))


def test_unknown_and_duplicate_job_ids_are_refused(executor: Executor, make_job: JobMaker) -> None:
    spec = make_job("print(1)")
    executor.submit(spec)
    with pytest.raises(ValueError, match="already submitted"):
        executor.submit(spec)
    with pytest.raises(UnknownJobError):
        executor.status("never-submitted")
    executor.wait(spec.job_id, WAIT)


def test_a_failing_status_callback_does_not_break_the_job(make_job: JobMaker) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("database down")

    spec = make_job("print('fine')")
    with Executor(max_concurrent=1, on_status=broken) as executor:
        executor.submit(spec)
        assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
