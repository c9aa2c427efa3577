"""Run sides in their own processes, concurrently, with a deadline, and read what they left."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..cassettes.corrupt import CorruptCassette
from ..cassettes.keep import set_aside, settle
from ..cassettes.meta import read_meta
from ..cassettes.plan import CassettePlan, SideTargets, missing_cassette_message
from ..cassettes.stale import warn_if_stale
from ..evidence import EvidenceFolder, SideFolder
from ..scenario import Scenario
from ..targets import ReplayTarget, Target
from .cancel import cancel_left_run
from .request import SideRequest

DEFAULT_TIMEOUT_S = 900.0
TAIL_LINES = 30
#: Failures whose message already names the scenario, the side and the fix.
SELF_EXPLAINED = ("unmatched", "cassette")


class SideKind(Protocol):
    """What the launcher needs of a check: its name (the phase), its sides, their results."""

    @property
    def name(self) -> str: ...

    def side_labels(self, scenario: Scenario) -> list[str]: ...

    def load_side(self, path: Path) -> Any: ...

    def side_runner(self, side: str) -> str: ...


class Workplace(Protocol):
    """Where sides run and record, and the item folder their own folders go under."""

    @property
    def targets(self) -> SideTargets: ...

    @property
    def folder(self) -> EvidenceFolder: ...

    @property
    def plan(self) -> CassettePlan | None: ...


@dataclass
class SideOutcome:
    """A side's result, or why there is none (the text that makes the item BROKEN)."""

    label: str
    result: Any
    failure: str = ""
    #: what became of the side's recording when it broke (said after its error)
    cassette_note: str = ""

    @property
    def done(self) -> bool:
        """The side ran to completion (a run completed, a deployment came up)."""
        return self.result is not None and bool(self.result.done)


def run_sides(scenario: Scenario, kind: SideKind, where: Workplace) -> dict[str, SideOutcome]:
    """Start every side of an item at once (`v1`, `v2`, `v1#2`...), wait for all, collect.

    With a cassette plan, each side records or replays its own cassette; a side that
    only replays runs against the replay target (no workspace).
    """
    phase = kind.name
    timeout = float(scenario.timeouts.get(phase, DEFAULT_TIMEOUT_S))
    started = {label: _start(scenario, label, where, kind)
               for label in kind.side_labels(scenario)}
    deadline = time.monotonic() + timeout
    outcomes = {
        label: _blame_stopped_workspace(
            _finish(kind, label, process, request, env, deadline, timeout), target)
        for label, (process, request, env, target) in started.items()
    }
    expected_broken = scenario.expect_for(phase) == "broken"
    for label, (_, request, _, target) in started.items():
        if request.cassette and not isinstance(target, ReplayTarget):  # it recorded
            outcome = outcomes[label]
            outcome.cassette_note = settle(Path(request.cassette),
                                           keep=outcome.done or expected_broken)
    return outcomes


def _blame_stopped_workspace(outcome: SideOutcome, target: Target) -> SideOutcome:
    """A side that failed because the workspace it talked to died says so, not ProxyError."""
    if outcome.done:
        return outcome
    stopped = target.stopped()
    if not stopped:
        return outcome
    return SideOutcome(outcome.label, None, f"{outcome.label}: {stopped}")


def _start(
    scenario: Scenario, label: str, where: Workplace, kind: SideKind,
) -> tuple[subprocess.Popen[bytes] | str, SideRequest, dict[str, str], Target]:
    """The side's worker process (or why none started), its request, environment and target."""
    side, phase = label.split("#", 1)[0], kind.name
    folder = where.folder.side(label)
    plan = where.plan
    cassette = plan.path(scenario.name, label, phase) if plan else None
    replaying = bool(plan and cassette and plan.replays_only(cassette))
    target = where.targets.replay() if replaying else where.targets.live()
    try:
        meta = read_meta(cassette) if replaying and cassette else {}
    except CorruptCassette as exc:
        meta, corrupt = {}, f"{scenario.name} {label}: " + exc.explain(
            os.path.relpath(scenario.folder), os.path.relpath)
    else:
        corrupt = ""
        if meta and cassette:
            warn_if_stale(cassette, meta, scenario, phase)
    request = SideRequest(
        scenario_file=str(scenario.path),
        side=side,
        phase=phase,
        workspace_config=str(target.workspace_config(meta)),
        evidence_dir=str(folder.path),
        run_token=uuid.uuid4().hex[:8],
        record_mode=plan.record_mode if plan else "none",
        cassette=str(cassette) if cassette else "",
        label=label,
        target=target.name,
        host_paths=target.host_paths,
        runner=kind.side_runner(side),
    )
    for stale in (folder.evidence_file, folder.failure_file, folder.submitted_file):
        stale.unlink(missing_ok=True)
    if corrupt:
        return corrupt, request, {}, target
    if plan and cassette and plan.missing(cassette):
        return missing_cassette_message(scenario.name, label, cassette,
                                        os.path.relpath(scenario.folder)), request, {}, target
    if cassette and not replaying:
        set_aside(cassette)  # undone if the side breaks: see cassettes/keep.py
    request_file = request.save(folder.request_file)
    python = scenario.side(side).python or sys.executable  # type: ignore[arg-type]
    stderr = folder.output_file.open("wb")
    env = _side_env(target, folder)
    process = subprocess.Popen(
        [python, "-m", "harness.sides.worker", str(request_file)],
        cwd=scenario.folder,
        env=env,
        stdout=stderr,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a deadline kills everything
    )
    stderr.close()
    return process, request, env, target


def _side_env(target: Target, folder: SideFolder) -> dict[str, str]:
    """A fresh HOME per side: v1 caches discovery, snapshots and tokens there, and a warm
    cache changes which requests a side makes (a cassette recorded warm would not replay
    cold). Against Azure the user's `az login` (AZURE_CONFIG_DIR) stays reachable."""
    env = target.env()
    home = folder.home
    shutil.rmtree(home, ignore_errors=True)  # fresh every time: evidence folders persist
    home.mkdir(parents=True)
    if target.name == "azure":
        env.setdefault("AZURE_CONFIG_DIR", str(Path(env.get("HOME", "~")).expanduser() / ".azure"))
    else:
        env["AZURE_CONFIG_DIR"] = str(home / ".azure")
    env["HOME"] = str(home)
    return env


def _finish(
    kind: SideKind,
    label: str,
    process: subprocess.Popen[bytes] | str,
    request: SideRequest,
    env: dict[str, str],
    deadline: float,
    timeout: float,
) -> SideOutcome:
    if isinstance(process, str):
        return SideOutcome(label, None, process)
    try:
        process.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(process)  # the worker's group; the job it submitted runs in the workspace
        limit = f"timeouts.{request.phase} ({timeout:.0f} s)"
        canceled = cancel_left_run(request, env, f"stopped by aml-parity: the side "
                                                 f"exceeded {limit}")
        return SideOutcome(label, None, f"{label} did not finish within {timeout:.0f} s "
                                        f"(timeouts.{request.phase} in the scenario); "
                                        f"it was stopped.{canceled}")
    finally:
        # The side's HOME held SDK caches (discovery, snapshots, possibly tokens): nothing
        # in it is evidence, and nothing of it may stay in the reports folder.
        shutil.rmtree(request.folder.home, ignore_errors=True)
    if request.folder.evidence_file.is_file():
        return SideOutcome(label, kind.load_side(request.folder.evidence_file))
    if request.folder.failure_file.is_file():
        failure = json.loads(request.folder.failure_file.read_text(encoding="utf-8"))
        if failure.get("kind") in SELF_EXPLAINED:
            return SideOutcome(label, None, failure["message"])
        return SideOutcome(label, None, f"{label} could not run: {failure['message']}")
    output = request.folder.output_file
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
