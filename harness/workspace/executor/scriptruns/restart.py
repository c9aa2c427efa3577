"""What a server start does with a v1 job that a previous server left unfinished.

Pure decisions, no state: ``ExecutionBackend.resume`` (the execution service) applies
them. A job is run again from its snapshot at most :data:`MAX_ATTEMPTS` times in all, so
a job that keeps outliving servers (one that never ends, or one whose server keeps being
killed) cannot come back forever; a job someone asked to cancel is never run again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_ATTEMPTS = 3
"""How many times one v1 job may start, counting its first run."""

SOURCE = "aml-parity local workspace"
"""The ``source`` of the warnings a restart leaves on a run."""


@dataclass(frozen=True)
class Restart:
    """The run's fate: run it again (``attempt``), or end it with ``status`` and ``error``."""

    status: str
    attempt: int
    error: str | None = None
    warning: str | None = None

    @property
    def resumes(self) -> bool:
        return self.status == "NotStarted"


def after_restart(run: Mapping[str, Any], job: Mapping[str, Any]) -> Restart:
    """What becomes of an unfinished run and its recorded job when a server starts."""
    attempt = int(job.get("attempt") or 1)
    if job.get("canceled") or run.get("status") == "CancelRequested":
        return Restart("Canceled", attempt)
    if attempt >= MAX_ATTEMPTS:
        return Restart("Failed", attempt, error=(
            f"The local workspace restarted {attempt} times while this run was "
            f"{run.get('status')}; giving up (at most {MAX_ATTEMPTS} attempts). Find what "
            "stops the workspace server, or what keeps the job from ending, and submit it "
            "again."))
    return Restart("NotStarted", attempt + 1, warning=(
        f"The local workspace restarted while this run was {run.get('status')}; it was "
        f"started again (attempt {attempt + 1} of at most {MAX_ATTEMPTS})."))
