"""What to run for one job: the executor's only input, free of any HTTP or SDK type."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

V1_LOG_NAME = "azureml-logs/70_driver_log.txt"
"""Where Azure ML v1 runs keep the user process's stdout and stderr."""

V2_LOG_NAME = "user_logs/std_log.txt"
"""Where Azure ML v2 jobs keep the user process's stdout and stderr."""


class JobKind(str, Enum):
    """Which SDK submitted the job; decides defaults such as the log file name."""

    V1 = "v1"
    V2 = "v2"

    @property
    def log_name(self) -> str:
        """The log file name the SDK of this kind looks for."""
        return V1_LOG_NAME if self is JobKind.V1 else V2_LOG_NAME


@dataclass(frozen=True)
class Replica:
    """One process of a distributed job: its own variables (added to the job's) and log.

    ``label`` names it in messages ("rank 2 (node 1, local rank 0)"); ``log_name`` is
    what Azure calls its log (``user_logs/std_log_process_2.txt``); ``log_path`` is
    where its output goes.
    """

    label: str
    env: Mapping[str, str]
    log_name: str
    log_path: Path


@dataclass(frozen=True)
class JobSpec:
    """One job to execute as a local process.

    Give ``argv`` (v1: the script and its arguments, run without a shell) or ``command``
    (v2: a command line run by ``bash -c``, as Azure ML runs it), never both. ``python``
    is the interpreter that a bare ``python`` in either resolves to; by default the
    harness's own, so jobs see the same installed SDKs. ``env`` is added to the
    harness's environment after the harness's own Azure ML and MLflow variables are
    removed, so a job never inherits the context of whoever started the harness.
    ``replicas`` (a distributed job) starts one process per replica instead of one;
    ``log_path`` is then the first replica's.
    """

    job_id: str
    kind: JobKind
    working_dir: Path
    log_path: Path
    argv: Sequence[str] | None = None
    command: str | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    python: Path = field(default_factory=lambda: Path(sys.executable))
    timeout: float | None = None
    replicas: tuple[Replica, ...] = ()

    def __post_init__(self) -> None:
        if (self.argv is None) == (self.command is None):
            raise ValueError(
                f"Job {self.job_id}: give either argv or command, not "
                f"{'both' if self.argv is not None else 'neither'}."
            )
        if self.argv is not None and not self.argv:
            raise ValueError(f"Job {self.job_id}: argv is empty; name the program to run.")
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError(f"Job {self.job_id}: timeout must be positive, got {self.timeout}.")

    @property
    def program(self) -> str:
        """The program name Azure ML quotes in its failure message."""
        return str(self.argv[0]) if self.argv else "/bin/bash"
