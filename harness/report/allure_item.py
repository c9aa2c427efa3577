"""What one scenario item shows in Allure: labels, parameters, steps and attachments.

Everything is emitted through `allure.dynamic`, `allure.step` and `allure.attach`
after the item has recorded its verdict, so the steps are written after the fact
(their timings are not the sides' timings; each side step names its own duration).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import allure
from allure_commons.types import AttachmentType

from ..compare.verdict import Difference, Outcome, Verdict
from ..evidence import SideEvidence
from ..scenario import Scenario
from . import allure_attachments as bodies
from .allure_evidence import ItemEvidence, side_log, stderr_of
from .allure_results import CATEGORY_LABEL, category_of
from .run_facts import RunFacts
from .terminal import verdict_message

#: Scenario tags that name an Allure epic; anything else falls back to the evidence kind.
EPIC_TAGS = {
    "training": "training", "endpoint": "endpoints", "endpoints": "endpoints",
    "inference": "endpoints", "deployment": "endpoints", "pipeline": "pipelines",
    "pipelines": "pipelines", "data": "data", "batch": "data",
}
RUN_KINDS = ("metrics", "outputs", "logs")
LOG_LIMIT = 2_000_000


class BeyondTolerance(AssertionError):
    """Raised inside a comparison step so Allure marks that step failed."""

    __module__ = "builtins"  # Allure prints the exception's qualified name before the message


class SideDidNotComplete(Exception):
    """Raised inside a side step so Allure marks that step broken."""

    __module__ = "builtins"


_Drift, _Broken = BeyondTolerance, SideDidNotComplete
#: A side that got this far: a run that completed, a deployment that succeeded.
SIDE_DONE = frozenset({"Completed", "Succeeded"})


def epic_of(scenario: Scenario, evidence: str) -> str:
    if evidence == "endpoint":
        return "endpoints"
    for tag in scenario.tags:
        if tag.lower() in EPIC_TAGS:
            return EPIC_TAGS[tag.lower()]
    return "training"


def tolerances_for(scenario: Scenario, evidence: str) -> dict[str, Any]:
    """The rules that decided this item, as the scenario declares them."""
    compare = scenario.compare
    if evidence == "spec":
        rules = {"spec": scenario.spec_rules}
    elif evidence == "run":
        rules = {k: compare[k] for k in RUN_KINDS if k in compare}
    else:
        rules = {evidence: compare.get(evidence, {})}
    if scenario.noise and evidence == "run":
        rules["noise"] = scenario.noise
    return rules


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
    scenario: Scenario, verdict: Verdict, evidence: ItemEvidence, folder: Path
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
    if verdict.evidence == "spec":
        _spec_steps(scenario, verdict, evidence)
    else:
        _side_steps(scenario, verdict, evidence, folder)
        _comparison_steps(scenario, verdict, evidence)
    if verdict.outcome is Outcome.BROKEN and verdict.error:
        allure.attach(verdict.error, "why the item is broken", AttachmentType.TEXT)


def _spec_steps(scenario: Scenario, verdict: Verdict, evidence: ItemEvidence) -> None:
    spec = evidence.spec or {}
    broken = _broken_sides(verdict)
    for side in ("v1", "v2"):
        with _step(f"{side} side: build {scenario.side(side).describe()}"):  # type: ignore[arg-type]
            if side in spec and verdict.outcome is not Outcome.BROKEN:
                allure.attach(json.dumps(spec[side], indent=2, sort_keys=True, default=str),
                              f"{side} canonical spec", AttachmentType.JSON)
            elif side in broken:
                raise _Broken(verdict.error.splitlines()[0] if verdict.error else "not built")
    if verdict.outcome is Outcome.BROKEN:
        return
    with _comparison("spec", verdict.differences, verdict.expect):
        if spec:
            allure.attach(bodies.spec_diff(spec.get("v1"), spec.get("v2")), "spec diff",
                          AttachmentType.TEXT)


def _broken_sides(verdict: Verdict) -> set[str]:
    """Which side a BROKEN verdict blames (its error names it first), else both."""
    if verdict.outcome is not Outcome.BROKEN:
        return set()
    first = verdict.error.lstrip()[:2]
    return {first} if first in ("v1", "v2") else {"v1", "v2"}


def _side_steps(
    scenario: Scenario, verdict: Verdict, evidence: ItemEvidence, folder: Path
) -> None:
    labels = sorted(evidence.sides) or ["v1", "v2"]
    for label in labels:
        side = evidence.sides.get(label)
        title = f"{label} side: " + (_side_summary(side) if side else "no evidence")
        with _step(title):
            log = side_log(side, label, folder) if side else stderr_of(folder, label)
            if log:
                allure.attach(log[-LOG_LIMIT:], f"{label} log", AttachmentType.TEXT)
            if side and side.command:
                allure.attach(side.command, f"{label} command", AttachmentType.TEXT)
            if side is None or side.status not in SIDE_DONE:
                raise _Broken(_side_problem(label, side, verdict))


def _comparison_steps(scenario: Scenario, verdict: Verdict, evidence: ItemEvidence) -> None:
    kinds = [k for k in RUN_KINDS if k in scenario.compare] if verdict.evidence == "run" \
        else [verdict.evidence]
    if verdict.outcome is Outcome.BROKEN:
        return
    for kind in kinds:
        found = [d for d in verdict.differences if d.evidence == kind]
        with _comparison(kind, found, verdict.expect):
            if kind == "metrics":
                _metric_plots(scenario, evidence)
    if evidence.latencies:
        with _step("endpoint latency"):
            allure.attach(bodies.latency_plot(evidence.latencies), "latency distribution",
                          AttachmentType.PNG)


def _metric_plots(scenario: Scenario, evidence: ItemEvidence) -> None:
    v1, v2 = evidence.sides.get("v1"), evidence.sides.get("v2")
    if v1 is None or v2 is None:
        return
    rename = (scenario.compare.get("metrics") or {}).get("rename") or {}
    for left, right in bodies.metric_pairs(v1.metrics, v2.metrics, rename):
        repeats = [r.metrics[left] for r in evidence.repeats if left in r.metrics]
        png = bodies.metric_plot(left, v1.metrics.get(left), v2.metrics.get(right), right,
                                 repeats)
        allure.attach(png, f"metric {left}", AttachmentType.PNG)


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


def _side_summary(side: SideEvidence) -> str:
    duration = f" in {side.duration_s:.1f} s" if side.duration_s is not None else ""
    return f"{side.status or 'unknown'}{duration}"


def _side_problem(label: str, side: SideEvidence | None, verdict: Verdict) -> str:
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

