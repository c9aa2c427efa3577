"""Run sides in their own processes, concurrently, with a deadline, and read what they left."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..evidence import SideEvidence
from ..scenario import Scenario
from ..targets import Target
from .request import SideRequest

DEFAULT_TIMEOUT_S = 900.0
TAIL_LINES = 30


@dataclass
class SideOutcome:
    """A side's evidence, or why there is none (the text that makes the item BROKEN)."""

    side: str
    evidence: SideEvidence | None
    failure: str = ""

    @property
    def completed(self) -> bool:
        return self.evidence is not None and self.evidence.status == "Completed"

    def broken_reason(self) -> str:
        if self.failure:
            return self.failure
        assert self.evidence is not None
        tail = _tail(self.evidence.log_text())
        error = self.evidence.error or "no error message was recorded"
        return (
            f"{self.side} run ended {self.evidence.status}: {error}"
            + (f"\n--- last lines of the {self.side} log ---\n{tail}" if tail else "")
        )


def run_sides(
    scenario: Scenario,
    sides: list[str],
    target: Target,
    evidence_root: Path,
    phase: str = "run",
) -> dict[str, SideOutcome]:
    """Start every requested side at once (`v1`, `v2`, `v1#2`...), wait for all, collect."""
    timeout = float(scenario.timeouts.get(phase, DEFAULT_TIMEOUT_S))
    started = {label: _start(scenario, label, target, evidence_root, phase) for label in sides}
    deadline = time.monotonic() + timeout
    return {
        label: _finish(label, process, request, deadline, timeout)
        for label, (process, request) in started.items()
    }


def _start(
    scenario: Scenario, label: str, target: Target, evidence_root: Path, phase: str
) -> tuple[subprocess.Popen[bytes], SideRequest]:
    side = label.split("#", 1)[0]
    folder = evidence_root / label.replace("#", "-")
    request = SideRequest(
        scenario_file=str(scenario.path),
        side=side,
        phase=phase,
        workspace_config=str(target.config_path),
        evidence_dir=str(folder),
        run_token=uuid.uuid4().hex[:8],
    )
    for stale in (request.evidence_file, request.failure_file):
        stale.unlink(missing_ok=True)
    request_file = request.save(folder / f"{side}.request.json")
    python = scenario.side(side).python or sys.executable  # type: ignore[arg-type]
    stderr = (folder / f"{side}.stderr.txt").open("wb")
    process = subprocess.Popen(
        [python, "-m", "harness.sides.worker", str(request_file)],
        cwd=scenario.folder,
        env=target.env(),
        stdout=stderr,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a deadline kills everything
    )
    stderr.close()
    return process, request


def _finish(
    label: str,
    process: subprocess.Popen[bytes],
    request: SideRequest,
    deadline: float,
    timeout: float,
) -> SideOutcome:
    try:
        process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(process)
        return SideOutcome(label, None, f"{label} did not finish within {timeout:.0f} s "
                                        "(timeouts.run in the scenario); it was stopped.")
    if request.evidence_file.is_file():
        return SideOutcome(label, SideEvidence.load(request.evidence_file))
    if request.failure_file.is_file():
        failure = json.loads(request.failure_file.read_text(encoding="utf-8"))
        return SideOutcome(label, None, f"{label} could not run: {failure['message']}")
    output = Path(request.evidence_dir) / f"{request.side}.stderr.txt"
    tail = _tail(output.read_text(encoding="utf-8", errors="replace")) if output.is_file() else ""
    return SideOutcome(label, None, f"{label} worker exited with code {process.returncode} and "
                                    f"left no evidence.\n{tail}")


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _tail(text: str, lines: int = TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
