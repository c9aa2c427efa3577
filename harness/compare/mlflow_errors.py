"""MLflow calls that failed inside a side's job: the warnings a lost metric leaves in its log.

MLflow never fails a training script for a failed tracking call: autologging catches the
error and logs ``Encountered unexpected error during sklearn autologging: API request to
endpoint /api/2.0/mlflow/logged-models failed with error code 404 != 200``, and the run
ends Completed without the metrics it meant to log. Both sides then compare equal on
what is left, so each failed call is reported as a warning naming the call, whether or
not the scenario declares ``compare.logs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.compare.verdict import Difference
from harness.evidence import SideEvidence

LOGS = "logs"
#: Lines MLflow's client writes when a tracking call failed.
FAILED_CALL = re.compile(
    r"API request to (?:endpoint )?\S+ failed with"
    r"|(?:MlflowException|RestException)\b"
    r"|Encountered unexpected error during (?:\w+ )?autologging"
    r"|Logging model metadata to the tracking server has failed")
#: The MLflow REST call a line names, without Azure's ``/mlflow/v2.0/subscriptions/...`` prefix.
CALL = re.compile(r"(?:(?P<method>GET|POST|PATCH|PUT|DELETE) \S*?)?(?P<path>/api/\d\.\d/mlflow/"
                  r"[\w\-/{}.]*[\w}])")
STATUS = re.compile(r"error code (?P<code>\d{3})|\b(?P<name>[A-Z]+(?:_[A-Z]+)+):")
#: Where the part of a line that says what failed starts.
WHAT_FAILED = re.compile(r"API request to|\w+Exception: ")
#: How much of that part a report shows.
SHOWN_CHARS = 160
#: Logged-model ids, run ids and other values in a path that would split one call in many.
MODEL_ID = re.compile(r"/m-[0-9a-f]{32}")


@dataclass(frozen=True)
class FailedCall:
    """One MLflow call a side's log says failed: which, how, and the first words saying so."""

    call: str
    status: str
    line: str


def failed_calls(log: str) -> list[FailedCall]:
    """The distinct failed MLflow calls of one log, in the order they first appear."""
    found: dict[str, FailedCall] = {}
    for line in log.splitlines():
        if not FAILED_CALL.search(line):
            continue
        call = _call(line)
        if call not in found:
            found[call] = FailedCall(call, _status(line), _what_failed(line))
    return list(found.values())


def _what_failed(line: str) -> str:
    """The line from ``API request to ...`` (or the exception) on, without its log prefix."""
    match = WHAT_FAILED.search(line) or FAILED_CALL.search(line)
    shown = line[match.start():].strip() if match else line.strip()
    return shown if len(shown) <= SHOWN_CHARS else shown[:SHOWN_CHARS - 3] + "..."


def _call(line: str) -> str:
    match = CALL.search(line)
    if match is None:
        return "an MLflow call"
    path = MODEL_ID.sub("/{model_id}", match["path"])
    return f"{match['method']} {path}" if match["method"] else path


def _status(line: str) -> str:
    match = STATUS.search(line)
    if match is None:
        return ""
    return match["code"] or match["name"]


def mlflow_errors(v1: SideEvidence, v2: SideEvidence) -> list[Difference]:
    """A warning per failed MLflow call per side: what the side's metrics may be missing."""
    differences: list[Difference] = []
    for side in (v1, v2):
        for failed in failed_calls(side.log_text()):
            status = f" ({failed.status})" if failed.status else ""
            line = failed.line
            differences.append(Difference(
                LOGS, f"mlflow[{side.side}]: {failed.call}",
                line if side.side == "v1" else None, line if side.side == "v2" else None,
                note=f"the {side.side} job's MLflow call {failed.call} failed{status}: "
                     f"what it logged (metrics, params, a model) may be missing from the "
                     f"{side.side} evidence",
                severity="warning"))
    return differences
