"""What one scenario item shows in Allure: labels, parameters, steps and attachments.

Everything is emitted through `allure.dynamic`, `allure.step` and `allure.attach`
after the item has recorded its verdict, so the steps are written after the fact
(their timings are not the sides' timings; each side step names its own duration).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import allure
from allure_commons.types import AttachmentType

from ..checks.base import Attachment, Check
from ..checks.registry import check
from ..compare.verdict import Difference, Outcome, Verdict
from ..evidence import EvidenceFolder, ItemEvidence
from ..scenario import Scenario
from . import allure_attachments as bodies
from .allure_evidence import side_log, worker_output
from .allure_results import CATEGORY_LABEL, category_of
from .run_facts import RunFacts
from .terminal import verdict_message

#: Scenario tags that name an Allure epic; anything else falls back to the evidence kind.
EPIC_TAGS = {
    "training": "training", "endpoint": "endpoints", "endpoints": "endpoints",
    "inference": "endpoints", "deployment": "endpoints", "pipeline": "pipelines",
    "pipelines": "pipelines", "data": "data", "batch": "data",
}
LOG_LIMIT = 2_000_000
MEDIA = {"png": AttachmentType.PNG, "json": AttachmentType.JSON, "html": AttachmentType.HTML,
         "text": AttachmentType.TEXT}


class BeyondTolerance(AssertionError):
    """Raised inside a comparison step so Allure marks that step failed."""

    __module__ = "builtins"  # Allure prints the exception's qualified name before the message


class SideDidNotComplete(Exception):
    """Raised inside a side step so Allure marks that step broken."""

    __module__ = "builtins"


_Drift, _Broken = BeyondTolerance, SideDidNotComplete


def epic_of(scenario: Scenario, evidence: str) -> str:
    known = _check(evidence)
    if known is not None and known.epic:
        return known.epic
    for tag in scenario.tags:
        if tag.lower() in EPIC_TAGS:
            return EPIC_TAGS[tag.lower()]
    return "training"


def tolerances_for(scenario: Scenario, evidence: str) -> dict[str, Any]:
    """The rules that decided this item, as the scenario declares them."""
    known = _check(evidence)
    keys = known.compare_keys(scenario) if known else [evidence]
    rules: dict[str, Any] = {key: scenario.compare.get(key) or {} for key in keys}
    if known is not None and scenario.noise and len(known.side_labels(scenario)) > 2:
        rules["noise"] = scenario.noise  # the item runs v1 repeats to learn its noise
    return rules


def _check(evidence: str) -> Check | None:
    try:
        return check(evidence)
    except KeyError:  # `::scenario`, the item of a file that does not load
        return None


def emit_identity(scenario: Scenario, evidence: str, facts: RunFacts) -> None:
    """Title, description, labels and parameters: known before anything runs."""
    allure.dynamic.title(f"{scenario.name}::{evidence}")
    allure.dynamic.description(_description(scenario, evidence))
    allure.dynamic.epic(epic_of(scenario, evidence))
    allure.dynamic.feature(scenario.name)
    allure.dynamic.story(evidence)
    allure.dynamic.suite(scenario.name)
    allure.dynamic.severity(scenario.severity)
    if scenario.owner:
        allure.dynamic.label("owner", scenario.owner)
    allure.dynamic.label("expect", scenario.expect_for(evidence))
    allure.dynamic.parameter("target", facts.target, excluded=True)
    allure.dynamic.parameter("record mode", facts.record_mode, excluded=True)
    for section, rules in tolerances_for(scenario, evidence).items():
        allure.dynamic.parameter(f"tolerances: {section}", rules, excluded=True)


def emit_verdict(
    scenario: Scenario, verdict: Verdict, evidence: ItemEvidence, folder: EvidenceFolder
) -> None:
    """The verdict as steps (each side, each comparison) with their attachments."""
    allure.dynamic.label("verdict", verdict.outcome.value)
    noise = any(d.noise for d in verdict.differences)
    category = category_of(verdict.outcome.value,
                           verdict.error or verdict_message(verdict) + (" learned noise" * noise))
    if category:
        allure.dynamic.label(CATEGORY_LABEL, category)
    if verdict.differences:
        allure.attach(bodies.differences_html(verdict), "differences", AttachmentType.HTML)
    kind = check(verdict.evidence)
    if kind.starts_sides:
        _side_steps(verdict, evidence, folder)
    else:
        _build_steps(scenario, kind, verdict, evidence)
    if verdict.outcome is not Outcome.BROKEN:
        for key in kind.compare_keys(scenario):
            found = [d for d in verdict.differences if d.evidence == key]
            with _comparison(key, found, verdict.expect):
                _attach(kind.attachments(scenario, key, evidence))
    if verdict.outcome is Outcome.BROKEN and verdict.error:
        allure.attach(verdict.error, "why the item is broken", AttachmentType.TEXT)


def _build_steps(scenario: Scenario, kind: Check, verdict: Verdict,
                 evidence: ItemEvidence) -> None:
    """Items without side workers: each side's objects, built offline."""
    broken = _broken_sides(verdict)
    for side in ("v1", "v2"):
        with _step(f"{side} side: build {scenario.side(side).describe()}"):  # type: ignore[arg-type]
            if verdict.outcome is not Outcome.BROKEN:
                _attach(kind.side_attachments(side, evidence))
            elif side in broken:
                raise _Broken(verdict.error.splitlines()[0] if verdict.error else "not built")


def _attach(attachments: list[Attachment]) -> None:
    for attachment in attachments:
        allure.attach(attachment.body, attachment.name, MEDIA[attachment.media])


def _broken_sides(verdict: Verdict) -> set[str]:
    """Which side a BROKEN verdict blames (its error names it first), else both."""
    if verdict.outcome is not Outcome.BROKEN:
        return set()
    first = verdict.error.lstrip()[:2]
    return {first} if first in ("v1", "v2") else {"v1", "v2"}


def _side_steps(verdict: Verdict, evidence: ItemEvidence, folder: EvidenceFolder) -> None:
    labels = sorted(evidence.sides) or ["v1", "v2"]
    for label in labels:
        side = evidence.sides.get(label)
        title = f"{label} side: " + (_side_summary(side) if side else "no evidence")
        with _step(title):
            log = side_log(side, label, folder) if side else worker_output(folder, label)
            if log:
                allure.attach(log[-LOG_LIMIT:], f"{label} log", AttachmentType.TEXT)
            command = getattr(side, "command", "")
            if command:
                allure.attach(command, f"{label} command", AttachmentType.TEXT)
            if side is None or not side.done:
                raise _Broken(_side_problem(label, side, verdict))


@contextlib.contextmanager
def _comparison(kind: str, found: list[Difference], expect: str) -> Iterator[None]:
    """A step per comparison; its blocking differences are failed sub-steps."""
    blocking = [d for d in found if d.breaks_parity]
    title = f"compare {kind}: " + (f"{len(blocking)} beyond tolerance" if blocking
                                   else "within tolerance")
    if expect == "drift":
        title += " (drift expected)"
    with _step(title):
        yield
        for diff in found:
            text = f"{diff.path}: {bodies._text(diff.v1)} → {bodies._text(diff.v2)}"
            text += f" ({diff.tolerance or 'exact'})"
            with _step(text + (" learned noise" if diff.noise else "")):
                if diff.breaks_parity and expect != "drift":
                    raise _Drift(diff.note or "beyond tolerance")
        if blocking and expect != "drift":
            raise _Drift(f"{len(blocking)} difference(s) beyond tolerance")


@contextlib.contextmanager
def _step(title: str) -> Iterator[None]:
    """An allure step whose failure is recorded on the step, not raised to the caller."""
    with contextlib.suppress(_Drift, _Broken), allure.step(title):
        yield


def _side_summary(side: Any) -> str:
    seconds = getattr(side, "duration_s", None)
    duration = f" in {seconds:.1f} s" if seconds is not None else ""
    return f"{side.status or 'unknown'}{duration}"


def _side_problem(label: str, side: Any, verdict: Verdict) -> str:
    if side is not None and side.error:
        return f"{label} ended {side.status}: {side.error.splitlines()[0]}"
    for line in verdict.error.splitlines():
        if line.startswith(label):
            return line
    return f"{label} left no evidence"


def _description(scenario: Scenario, evidence: str) -> str:
    lines = [scenario.description.strip() or f"Scenario {scenario.name}.", ""]
    lines.append(f"- **v1**: `{scenario.v1.describe()}`")
    lines.append(f"- **v2**: `{scenario.v2.describe()}`")
    lines.append(f"- **expect**: {scenario.expect_for(evidence)}")
    if scenario.owner:
        lines.append(f"- **owner**: {scenario.owner}")
    lines.append(f"- **scenario file**: `{scenario.path.name}` in `{scenario.folder.name}/`")
    return "\n".join(lines)

