"""Run jobs as local processes with Azure ML's life cycle, queueing and failure messages.

The server owns persistence and HTTP; this module owns processes and their states. It
reports every state change through ``on_status`` and never blocks the caller of
``submit``.
"""

from __future__ import annotations

import logging
import shutil
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .process import JobProcess, JobStartError, build_env, check_can_start, interpreter_shim
from .replicas import ReplicaGroup
from .spec import JobSpec, Replica
from .states import JobInfo, RunStatus, can_transition

log = logging.getLogger(__name__)

StatusCallback = Callable[[str, RunStatus, JobInfo], None]
"""``on_status(job_id, status, info)``: called on every state change, in order per job."""

PrepareHook = Callable[[JobSpec], JobSpec | None]
"""Runs while Preparing; may return a new spec (same job id) to run instead."""

FinalizeHook = Callable[[JobSpec], None]
"""Runs while Finalizing, after the process exited, whatever its exit code."""

ERROR_TAIL_LINES = 10
"""How many stderr lines a failure message quotes."""


class UnknownJobError(KeyError):
    """No job with this id was ever submitted to this executor."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def failure_message(spec: JobSpec, exit_code: int, stderr_tail: list[str],
                    replica: Replica | None = None) -> str:
    """Azure ML's wording for a failed user process, quoting the end of its stderr.

    The quoted lines are what users need: for a Python script, the traceback ending with
    the exception line. For a distributed job, ``replica`` is the process that failed:
    the message names its rank and its own log.
    """
    if exit_code < 0:
        outcome = f"was killed by signal {-exit_code}"
    else:
        outcome = f"exited with status code {exit_code}"
    lines = [line for line in stderr_tail if line.strip()][-ERROR_TAIL_LINES:]
    log_name = spec.kind.log_name
    if replica is not None:
        log_name = replica.log_name
    elif not spec.log_path.as_posix().endswith(log_name):
        log_name = spec.log_path.name
    who = f" of {replica.label}" if replica is not None else ""
    message = (
        f"Execution failed. User process '{spec.program}'{who} {outcome}. "
        f"Please check log file '{log_name}' for error details."
    )
    if lines:
        message += " Error: " + "\n".join(lines)
    return message


@dataclass(eq=False)
class _Job:
    spec: JobSpec
    prepare: PrepareHook | None
    finalize: FinalizeHook | None
    info: JobInfo
    lock: threading.RLock = field(default_factory=threading.RLock)
    done: threading.Event = field(default_factory=threading.Event)
    cancel_requested: bool = False
    timed_out: bool = False
    process: JobProcess | ReplicaGroup | None = None
    timers: list[threading.Timer] = field(default_factory=list)


class Executor:
    """Runs submitted jobs, at most ``max_concurrent`` at a time; the rest wait Queued.

    A job holds its slot from Preparing until it is terminal, as a compute node would.
    ``cancel_grace`` is how long a canceled or timed-out process group gets between
    SIGTERM and SIGKILL. Callbacks run on executor threads and must not block on the
    executor.
    """

    def __init__(
        self,
        max_concurrent: int = 4,
        *,
        on_status: StatusCallback | None = None,
        cancel_grace: float = 10.0,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError(f"max_concurrent must be at least 1, got {max_concurrent}.")
        self._max = max_concurrent
        self._on_status = on_status
        self._grace = cancel_grace
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._pending: deque[_Job] = deque()
        self._workers: dict[str, threading.Thread] = {}
        self._active = 0
        self._closed = False
        self._shim_root = Path(tempfile.mkdtemp(prefix="aml-parity-executor-"))

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    def submit(
        self,
        spec: JobSpec,
        prepare: PrepareHook | None = None,
        finalize: FinalizeHook | None = None,
    ) -> JobInfo:
        """Queue a job and return at once; it starts when a slot is free."""
        job = _Job(
            spec=spec,
            prepare=prepare,
            finalize=finalize,
            info=JobInfo(
                job_id=spec.job_id,
                status=RunStatus.NOT_STARTED,
                submit_time=_now(),
                log_path=str(spec.log_path),
            ),
        )
        with self._lock:
            if self._closed:
                raise RuntimeError("The executor is shut down; it accepts no new jobs.")
            if spec.job_id in self._jobs:
                raise ValueError(f"A job with id {spec.job_id!r} was already submitted.")
            self._jobs[spec.job_id] = job
        self._publish(job, RunStatus.QUEUED)
        with self._lock:
            self._pending.append(job)
        self._pump()
        return self.status(spec.job_id)

    def status(self, job_id: str) -> JobInfo:
        """The job's latest snapshot; lock-free, so ``on_status`` callbacks may call it."""
        return self._job(job_id).info

    def wait(self, job_id: str, timeout: float | None = None) -> JobInfo:
        """Block until the job is terminal; TimeoutError if it is not within ``timeout``."""
        job = self._job(job_id)
        if not job.done.wait(timeout):
            raise TimeoutError(
                f"Job {job_id} is still {job.info.status.value} after {timeout} seconds."
            )
        return job.info

    def cancel(self, job_id: str) -> JobInfo:
        """Cancel a job; a queued one ends Canceled now, a running one once its group is dead."""
        job = self._job(job_id)
        with self._lock:
            was_pending = job in self._pending
            if was_pending:
                self._pending.remove(job)
        if was_pending:
            self._publish(job, RunStatus.CANCELED, end_time=_now())
            return self.status(job_id)
        with job.lock:
            if job.info.status.is_terminal:
                return job.info
            job.cancel_requested = True
            self._publish(job, RunStatus.CANCEL_REQUESTED)
            self._stop(job)
            return job.info

    def shutdown(self, wait: bool = True) -> None:
        """Accept no more jobs, cancel every unfinished one, and (by default) wait for them."""
        with self._lock:
            self._closed = True
            unfinished = [j.spec.job_id for j in self._jobs.values() if not j.done.is_set()]
        for job_id in unfinished:
            self.cancel(job_id)
        if wait:
            with self._lock:
                workers = list(self._workers.values())
            for worker in workers:
                worker.join()
            shutil.rmtree(self._shim_root, ignore_errors=True)

    def _job(self, job_id: str) -> _Job:
        with self._lock:
            try:
                return self._jobs[job_id]
            except KeyError:
                raise UnknownJobError(job_id) from None

    def _pump(self) -> None:
        with self._lock:
            while self._pending and self._active < self._max:
                job = self._pending.popleft()
                self._active += 1
                worker = threading.Thread(
                    target=self._run, args=(job,), name=f"job-{job.spec.job_id}", daemon=True
                )
                self._workers[job.spec.job_id] = worker
                worker.start()

    def _publish(self, job: _Job, status: RunStatus, **changes: Any) -> bool:
        """Move the job to ``status`` if Azure would; report it; False if not allowed."""
        with job.lock:
            if not can_transition(job.info.status, status):
                return False
            job.info = replace(job.info, status=status, **changes)
            if self._on_status is not None:
                try:
                    self._on_status(job.spec.job_id, status, job.info)
                except Exception:
                    log.exception("on_status failed for job %s (%s)", job.spec.job_id, status)
            if status.is_terminal:
                for timer in job.timers:
                    timer.cancel()
                job.done.set()
            return True

    def _stop(self, job: _Job) -> None:
        """SIGTERM the job's group now and SIGKILL it after the grace period."""
        with job.lock:
            process = job.process
            if process is None or not process.signal_group(signal.SIGTERM):
                return
            killer = threading.Timer(self._grace, process.signal_group, args=(signal.SIGKILL,))
            killer.daemon = True
            job.timers.append(killer)
            killer.start()

    def _expire(self, job: _Job) -> None:
        with job.lock:
            if job.info.status.is_terminal or job.cancel_requested:
                return
            job.timed_out = True
        self._stop(job)

    def _run(self, job: _Job) -> None:
        try:
            self._execute(job)
        except BaseException as exc:
            log.exception("Executor failure in job %s", job.spec.job_id)
            if job.process is not None:
                job.process.signal_group(signal.SIGKILL)
            self._publish(
                job, RunStatus.FAILED, end_time=_now(), error=f"Internal executor error: {exc!r}"
            )
        finally:
            with self._lock:
                self._active -= 1
            self._pump()

    def _fail(self, job: _Job, error: str) -> None:
        """End Failed, unless a cancel came first: then the user asked for Canceled."""
        with job.lock:
            if job.cancel_requested:
                self._end_canceled(job)
            else:
                self._publish(job, RunStatus.FAILED, end_time=_now(), error=error)

    def _end_canceled(self, job: _Job) -> None:
        self._publish(job, RunStatus.CANCELED, end_time=_now())

    def _execute(self, job: _Job) -> None:
        if not self._publish(job, RunStatus.PREPARING):
            self._end_canceled(job)
            return
        reason = check_can_start(job.spec)
        if reason is not None:
            self._fail(job, reason)
            return
        if job.prepare is not None:
            try:
                new_spec = job.prepare(job.spec)
            except JobStartError as exc:
                self._fail(job, str(exc))
                return
            except Exception as exc:
                self._fail(job, f"Preparing the job failed: {_describe(exc)}")
                return
            if new_spec is not None:
                if new_spec.job_id != job.spec.job_id:
                    self._fail(job, "Preparing the job failed: prepare() changed the job id.")
                    return
                job.spec = new_spec
        spec = job.spec
        with job.lock:
            if job.cancel_requested:
                self._end_canceled(job)
                return
        try:
            shim = interpreter_shim(spec.python, self._shim_root)
            process: JobProcess | ReplicaGroup
            if spec.replicas:
                process = ReplicaGroup(spec, shim, self._grace)
            else:
                process = JobProcess(spec, build_env(spec, shim))
        except JobStartError as exc:
            self._fail(job, str(exc))
            return
        with job.lock:
            job.process = process
            if job.cancel_requested:
                self._stop(job)
            self._publish(job, RunStatus.RUNNING, start_time=_now())
            if spec.timeout is not None:
                timer = threading.Timer(spec.timeout, self._expire, args=(job,))
                timer.daemon = True
                job.timers.append(timer)
                timer.start()
        exit_code = process.wait()
        self._conclude(job, process, exit_code)

    def _conclude(self, job: _Job, process: JobProcess | ReplicaGroup, exit_code: int) -> None:
        spec = job.spec
        with job.lock:
            for timer in job.timers:
                timer.cancel()
            job.info = replace(job.info, exit_code=exit_code)
            if job.cancel_requested:
                self._end_canceled(job)
                return
            if job.timed_out:
                error: str | None = (
                    f"Job {spec.job_id} exceeded its timeout of {spec.timeout:g} seconds "
                    "and was stopped. Raise the job's timeout or make the script faster."
                )
            elif exit_code != 0:
                failed = process.failed if isinstance(process, ReplicaGroup) else None
                error = failure_message(spec, exit_code, process.stderr_tail(), failed)
            else:
                error = None
            self._publish(job, RunStatus.FINALIZING)
        if job.finalize is not None:
            try:
                job.finalize(spec)
            except Exception as exc:
                note = f"Finalizing the job failed: {_describe(exc)}"
                error = f"{error}\n{note}" if error else note
        with job.lock:
            if job.cancel_requested:
                self._end_canceled(job)
            elif error is not None:
                self._fail(job, error)
            else:
                self._publish(job, RunStatus.COMPLETED, end_time=_now())
