"""Static spec parity: build both sides' objects offline and diff their canonical specs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..compare.verdict import Difference, Verdict
from ..evidence import EvidenceFolder, ItemEvidence
from ..redact import session_redactor
from ..scenario import Scenario, ScenarioError
from ..sides.callables import call_side
from ..sides.context import SideContext
from ..sides.deadline import Deadline
from ..sides.offline import offline_ml_client, offline_workspace
from ..sides.yaml_entities import load_yaml_entities
from .base import Attachment, Check, GatherContext, read_json


@dataclass
class SpecEvidence:
    """Both canonical specs, kept so reports can show them and verdicts can be recomputed."""

    v1: dict[str, Any]
    v2: dict[str, Any]

    def save(self, folder: EvidenceFolder) -> None:
        folder.path.mkdir(parents=True, exist_ok=True)
        folder.document.write_text(json.dumps({"v1": self.v1, "v2": self.v2}, indent=2,
                                              sort_keys=True, default=str), encoding="utf-8")

    @classmethod
    def load(cls, folder: EvidenceFolder) -> SpecEvidence | None:
        data = read_json(folder.document)
        if not data or not isinstance(data.get("v1"), dict) or not isinstance(data.get("v2"), dict):
            return None
        return cls(data["v1"], data["v2"])


#: Building objects offline takes seconds; a callable still busy after a minute is stuck.
SPEC_TIMEOUT_S = 60.0


class SpecCheck(Check):
    """`::spec`: what each side declares, built offline with the real SDKs, compared."""

    name = "spec"
    description = "static spec parity (no workspace needed)"
    order = 10
    default_timeout = SPEC_TIMEOUT_S

    def applies(self, scenario: Scenario) -> bool:
        return bool(scenario.spec_rules.get("enabled", True))

    def gather(self, scenario: Scenario, context: GatherContext) -> SpecEvidence:
        evidence = gather_spec(scenario)
        evidence.save(context.folder)
        return evidence

    def judge(self, scenario: Scenario, evidence: Any) -> Verdict:
        return judge_spec(scenario, evidence)

    def load(self, folder: EvidenceFolder) -> SpecEvidence | None:
        return SpecEvidence.load(folder)

    def report_evidence(self, folder: EvidenceFolder) -> ItemEvidence:
        return ItemEvidence(spec=read_json(folder.document))

    def side_attachments(self, side: str, evidence: ItemEvidence) -> list[Attachment]:
        spec = (evidence.spec or {}).get(side)
        if spec is None:
            return []
        return [Attachment(f"{side} canonical spec",
                           json.dumps(spec, indent=2, sort_keys=True, default=str), "json")]

    def attachments(self, scenario: Scenario, key: str, evidence: ItemEvidence
                    ) -> list[Attachment]:
        if not evidence.spec:
            return []
        from ..report.allure_attachments import spec_diff

        return [Attachment("spec diff", spec_diff(evidence.spec.get("v1"),
                                                  evidence.spec.get("v2")), "text")]


CHECK = SpecCheck()


def gather_spec(scenario: Scenario) -> SpecEvidence:
    """Build the real SDK objects of both sides and normalise them (no network)."""
    from ..spec import SpecError, v1_spec, v2_spec

    deadline = Deadline.start("spec", float(scenario.timeouts.get("spec", SPEC_TIMEOUT_S)))
    v1_objects = _v1_objects(scenario, deadline)
    v2_objects = _v2_objects(scenario, deadline)
    specs = {}
    for side, objects, normalise in (("v1", v1_objects, v1_spec), ("v2", v2_objects, v2_spec)):
        try:
            specs[side] = normalise(objects, scenario.folder)
        except SpecError as exc:
            raise ScenarioError(
                scenario.path,
                f"the {side} side returned something spec parity cannot read: {exc}",
                "return the unsubmitted configuration objects (see docs/scenario-format.md).",
                side,
            ) from exc
        except Exception as exc:  # an object whose attributes are not what its type promises
            raise ScenarioError(
                scenario.path,
                f"the {side} side returned something spec parity cannot read "
                f"({type(exc).__name__} while reading it)",
                "return the unsubmitted configuration objects (see docs/scenario-format.md).",
                side,
            ) from exc
    redactor = session_redactor()  # job variables and arguments may carry credentials
    return SpecEvidence(redactor.document(specs["v1"]), redactor.document(specs["v2"]))


def judge_spec(scenario: Scenario, evidence: SpecEvidence) -> Verdict:
    """Diff the canonical specs under the scenario's declared ignores."""
    from ..spec import diff_specs

    rules = scenario.spec_rules
    differences = diff_specs(evidence.v1, evidence.v2, ignore=list(rules.get("ignore", [])),
                             numbers=rules.get("numbers", "numeric"))
    differences += unused_ignore_warnings(scenario, evidence)
    return Verdict.from_differences(scenario.name, "spec", differences, scenario.expect_for("spec"))


def unused_ignore_warnings(scenario: Scenario, evidence: SpecEvidence) -> list[Difference]:
    """`compare.spec.ignore` patterns that name no field of either spec: almost always a
    typo. Known from the specs alone, so `aml-parity validate` reports them too."""
    from ..spec.diff import nearest_paths, spec_paths, unused_ignores

    ignore = list(scenario.spec_rules.get("ignore", []))
    paths = spec_paths(evidence.v1, evidence.v2)
    return [
        Difference("spec", "compare.spec.ignore", pattern, None, severity="warning",
                   note=_unused_note(pattern, nearest_paths(pattern, paths)))
        for pattern in unused_ignores(evidence.v1, evidence.v2, ignore)
    ]


def _unused_note(pattern: str, nearest: list[str]) -> str:
    hint = (f"nearest real paths: {', '.join(nearest)}" if nearest else
            "paths look like job.environment.pip.<package>, job.command.--<option>, "
            "job.command[3]")
    return f"this pattern matches no field of either spec; {hint}"


def _v1_objects(scenario: Scenario, deadline: Deadline) -> Any:
    ctx = SideContext(scenario.name, "v1", scenario.folder, "spec")
    result = call_side(scenario, scenario.v1, offline_workspace(), ctx, deadline)
    if result is None:
        raise ScenarioError(
            scenario.path,
            f"v1 callable '{scenario.v1.callable}' returned None",
            "return the ScriptRunConfig (and InferenceConfig, deployment configuration) it builds.",
            "v1",
        )
    return result


def _v2_objects(scenario: Scenario, deadline: Deadline) -> Any:
    objects: dict[str, Any] = dict(load_yaml_entities(scenario))
    if scenario.v2.callable:
        ctx = SideContext(scenario.name, "v2", scenario.folder, "spec")
        result = call_side(scenario, scenario.v2, offline_ml_client(), ctx, deadline)
        if isinstance(result, dict):
            objects.update(result)
        elif isinstance(result, list | tuple):
            objects.update({f"object{i}": obj for i, obj in enumerate(result)})
        elif result is not None:
            objects["callable"] = result
    if not objects:
        raise ScenarioError(
            scenario.path,
            "the v2 side produced nothing",
            "return the job or entities from the v2 callable, or name a YAML file.",
            "v2",
        )
    return objects
