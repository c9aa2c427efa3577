"""Azure ML run states and the transitions between them, as both SDKs see them.

The names are the wire strings of azureml-core ``RunStatus`` (``azureml/_restclient/constants.py``)
and azure-ai-ml ``JobStatus`` (``azure/ai/ml/_restclient/arm_ml_service/models/_enums.py``).
Both SDKs use the same strings, so one enum serves v1 run history and v2 jobs; the
``to_v1``/``to_v2`` helpers exist so callers say which wire they write, and stay correct
should the two ever diverge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class RunStatus(str, Enum):
    """A run's status; the value is the exact string both SDKs send and expect."""

    NOT_STARTED = "NotStarted"
    QUEUED = "Queued"
    PREPARING = "Preparing"
    RUNNING = "Running"
    FINALIZING = "Finalizing"
    CANCEL_REQUESTED = "CancelRequested"
    COMPLETED = "Completed"
    FAILED = "Failed"
    CANCELED = "Canceled"

    def __str__(self) -> str:
        return self.value

    @property
    def is_terminal(self) -> bool:
        """True once nothing more will happen: the SDKs stop polling here."""
        return self in TERMINAL_STATES


# azureml/_run_impl/run_watcher.py stops on exactly these three. azure-ai-ml also lists
# NotResponding and Paused as terminal, but the executor never produces either.
TERMINAL_STATES: frozenset[RunStatus] = frozenset(
    {RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELED}
)

_ENDINGS = frozenset({RunStatus.FAILED, RunStatus.CANCEL_REQUESTED, RunStatus.CANCELED})

# Forward-only, as Azure reports them. Failed can follow any live state (a job that
# cannot start fails without running); a failed user process still passes through
# Finalizing because outputs and logs are collected either way.
TRANSITIONS: dict[RunStatus, frozenset[RunStatus]] = {
    RunStatus.NOT_STARTED: frozenset({RunStatus.QUEUED, RunStatus.PREPARING}) | _ENDINGS,
    RunStatus.QUEUED: frozenset({RunStatus.PREPARING}) | _ENDINGS,
    RunStatus.PREPARING: frozenset({RunStatus.RUNNING}) | _ENDINGS,
    RunStatus.RUNNING: frozenset({RunStatus.FINALIZING}) | _ENDINGS,
    RunStatus.FINALIZING: frozenset({RunStatus.COMPLETED}) | _ENDINGS,
    RunStatus.CANCEL_REQUESTED: frozenset({RunStatus.CANCELED, RunStatus.FAILED}),
    RunStatus.COMPLETED: frozenset(),
    RunStatus.FAILED: frozenset(),
    RunStatus.CANCELED: frozenset(),
}


def can_transition(current: RunStatus, new: RunStatus) -> bool:
    """Whether Azure would ever report ``new`` right after ``current``."""
    return new in TRANSITIONS[current]


def parse_status(text: str) -> RunStatus:
    """Read a status string from either wire; case-insensitive like azure-ai-ml's enum."""
    for status in RunStatus:
        if status.value.lower() == text.strip().lower():
            return status
    known = ", ".join(s.value for s in RunStatus)
    raise ValueError(f"Unknown run status {text!r}; expected one of: {known}.")


def to_v1(status: RunStatus) -> str:
    """The string v1 run history (``RunDto.status``) carries for this status."""
    return status.value


def to_v2(status: RunStatus) -> str:
    """The string a v2 job resource (``properties.status``) carries for this status."""
    return status.value


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one job, handed to ``on_status`` for the server to persist.

    Times are timezone-aware UTC. ``error`` is written for the user who submitted the
    job: the SDKs show it as the run's error message.
    """

    job_id: str
    status: RunStatus
    submit_time: datetime
    start_time: datetime | None = None
    end_time: datetime | None = None
    exit_code: int | None = None
    error: str | None = None
    log_path: str | None = None
