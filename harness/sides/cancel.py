"""Cancel the run a side left behind when the harness stopped the side at its deadline.

Killing a side's worker ends its SDK calls, not the job they submitted: that keeps
running in the workspace (and a local workspace would even start it again after a
restart). So the harness cancels it, the way a user would, through the SDK against the
side's own target and with the side's own environment: Azure and the local workspace
are reached alike, and a replay has nothing to cancel.

The call is run history's "cancel run with URI" with a ``CancelationReason``
(``POST /history/v1.0/.../experiments/{experiment}/runs/{run}/cancel``, from
azure-ai-ml's generated run history client, which azure-ai-ml itself reaches through
``jobs._runs_operations``): v1 runs and v2 jobs are both runs in run history, so one
call serves both sides, and unlike ``Run.cancel()`` or ``jobs.begin_cancel()`` it keeps
why on the run. It runs in a fresh interpreter (the harness's own, which has
azure-ai-ml) so that no SDK is imported into pytest's process.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from pathlib import Path
from subprocess import TimeoutExpired, run

from .request import SideRequest

CANCEL_TIMEOUT_S = 120.0
"""How long the harness gives the cancel, the wait for the run to end included."""

SETTLE_S = 60.0
"""How long the cancel waits for the run to reach a final state."""

NOT_SUBMITTED = "NotSubmitted"
"""What the cancel prints when the workspace has no such run (the side never submitted)."""

_FINAL = frozenset({"Completed", "Failed", "Canceled"})


def cancel_left_run(request: SideRequest, env: Mapping[str, str], reason: str) -> str:
    """Cancel the run a stopped side submitted; a sentence for its failure message, or ""."""
    noted = request.submitted()
    if noted is None or request.phase != "run" or request.target in ("", "replay"):
        return ""
    experiment, run_id = noted
    command = [sys.executable, "-m", "harness.sides.cancel", request.workspace_config,
               experiment, run_id, reason]
    try:
        result = run(command, env=dict(env), capture_output=True, text=True,
                     timeout=CANCEL_TIMEOUT_S)
    except TimeoutExpired:
        return (f" Canceling its run {run_id} took longer than {CANCEL_TIMEOUT_S:.0f} s; "
                "check that run in the workspace and cancel it there.")
    lines = result.stdout.strip().splitlines()
    status = lines[-1].strip() if result.returncode == 0 and lines else ""
    if status == NOT_SUBMITTED:
        return ""
    if status == "Canceled":
        return f" Its run {run_id} was canceled."
    if status:
        return f" Its run {run_id} was asked to cancel and is {status}."
    error = (result.stderr.strip().splitlines() or ["no error output"])[-1]
    return f" Its run {run_id} could not be canceled ({error}); cancel it in the workspace."


def main(argv: list[str] | None = None) -> int:
    """``python -m harness.sides.cancel CONFIG EXPERIMENT RUN REASON``: prints the run's status."""
    config, experiment, run_id, reason = sys.argv[1:] if argv is None else argv
    from azure.core.exceptions import ResourceNotFoundError

    from .connect import v2_client

    ml_client = v2_client(Path(config))
    runs = ml_client.jobs._runs_operations
    try:
        status = runs._operation.cancel_run_with_uri_by_experiment_name(
            subscription_id=ml_client.subscription_id,
            resource_group_name=ml_client.resource_group_name,
            workspace_name=ml_client.workspace_name, experiment_name=experiment,
            run_id=run_id, cancelation_reason=reason).status
    except ResourceNotFoundError:
        print(NOT_SUBMITTED)
        return 0
    deadline = time.monotonic() + SETTLE_S
    while status not in _FINAL and time.monotonic() < deadline:
        time.sleep(1)
        status = runs.get_run(run_id).status
    print(status)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
