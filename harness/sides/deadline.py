"""Run a scenario's code with a deadline and bring back whatever it did, even `sys.exit`.

The code runs in a **daemon thread** joined with a timeout, not in a subprocess: the spec
phase needs the SDK objects a callable returns in this process, and azureml-core and
azure-ai-ml objects do not all pickle. A thread cannot be killed, so a callable that never
returns is left behind, still running; being a daemon it does not keep pytest or
`aml-parity validate` from exiting, and whatever it does after its deadline is ignored.

In that thread `SystemExit`, `KeyboardInterrupt` and `GeneratorExit` are what the
scenario's code raised (a real Ctrl-C reaches the main thread), so they are brought back
like any other exception, for the caller to explain.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deadline:
    """When a phase must be done: `seconds` as the scenario allows (`timeouts.<phase>`)."""

    phase: str
    seconds: float
    ends: float

    @classmethod
    def start(cls, phase: str, seconds: float) -> Deadline:
        return cls(phase, seconds, time.monotonic() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.ends - time.monotonic())


@dataclass
class Outcome:
    """What the code did: returned `value`, raised `raised`, or had not finished in time."""

    value: Any = None
    raised: BaseException | None = None
    finished: bool = False


def run_until(deadline: Deadline, code: Callable[[], Any], name: str) -> Outcome:
    """Run `code()` in a daemon thread named `name`; wait until the deadline at most."""
    outcome = Outcome()

    def body() -> None:
        try:
            outcome.value = code()
        except BaseException as exc:  # the scenario code, whatever it raised
            outcome.raised = exc
        finally:
            outcome.finished = True

    thread = threading.Thread(target=body, name=name, daemon=True)
    thread.start()
    thread.join(deadline.remaining())
    if thread.is_alive():
        return Outcome(finished=False)  # a fresh one: the thread may still fill the old
    return outcome
