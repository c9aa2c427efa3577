"""pytest collection nodes: a scenario file becomes one item per kind of evidence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .checks.endpoint import gather_endpoint, judge_endpoint
from .checks.run import SideBroken, gather_run, judge_run
from .checks.spec import gather_spec, judge_spec
from .compare.verdict import Outcome, Verdict
from .options import ParityOptions
from .report.terminal import verdict_message
from .scenario import Scenario, ScenarioError, load_scenario
from .session import VERDICT_PROPERTY, ParitySession


class ScenarioFile(pytest.File):
    """A `scenario.yaml`; a file that fails to load yields one failing item saying why."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenario = load_scenario(self.path)
        except ScenarioError as exc:
            yield InvalidScenarioItem.from_parent(self, name="scenario", error=exc)
            return
        for evidence in scenario.evidence:
            item = ScenarioItem.from_parent(
                self, name=evidence, scenario=scenario, evidence=evidence
            )
            _mark(item, scenario, evidence)
            yield item


def record_verdict(item: pytest.Item, verdict: Verdict) -> None:
    """Where the session, the reporters and xdist's controller read an item's verdict."""
    item.user_properties.append((VERDICT_PROPERTY, json.dumps(verdict.to_dict())))


class InvalidScenarioItem(pytest.Item):
    """Stands in for a scenario that could not be loaded, so the rest of the suite still runs."""

    def __init__(self, *, error: ScenarioError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        # A row in the verdict table and summary.md too: a scenario that does not load is
        # a scenario the migration cannot be certified on.
        record_verdict(self, Verdict(self.path.parent.name, "scenario", Outcome.BROKEN,
                                     error=str(self.error), broken_by="harness"))
        pytest.fail(str(self.error), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.parent.name}::scenario"


class ScenarioItem(pytest.Item):
    """One kind of evidence for one scenario.

    Gathering evidence happens in `setup` (a side that cannot be built or run
    is an ERROR: BROKEN), judging it in `runtest` (drift is a FAILURE), the
    same split users know from fixtures versus assertions.
    """

    def __init__(self, *, scenario: Scenario, evidence: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.evidence = evidence
        self.gathered: Any = None
        self.broken: Verdict | None = None

    def setup(self) -> None:
        try:
            self.gathered = self._gather()
        except ScenarioError as exc:
            error, side_broke = str(exc), False
        except SideBroken as exc:
            error, side_broke = str(exc), exc.ran
        else:
            return
        expect = self.scenario.expect_for(self.evidence)
        self.broken = Verdict(self.scenario.name, self.evidence, Outcome.BROKEN, [], expect, error,
                              "run" if side_broke else "harness")
        if expect == "broken" and side_broke:
            return  # the breakage is what this item certifies; runtest records it
        record_verdict(self, self.broken)
        pytest.fail(error, pytrace=False)

    def runtest(self) -> None:
        verdict = self.broken or self._judge()
        record_verdict(self, verdict)
        if not verdict.meets_expectation:
            pytest.fail(verdict_message(verdict), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.scenario.name}::{self.evidence}"


    @property
    def evidence_folder(self) -> Path:
        reports = ParityOptions.from_config(self.config).reports
        return reports / "evidence" / self.scenario.name / self.evidence

    def _gather(self) -> Any:
        if self.evidence == "spec":
            gathered = gather_spec(self.scenario)
            self._save_spec(gathered)
            return gathered
        session: ParitySession = self.config.pluginmanager.get_plugin(ParitySession.NAME)
        gather = gather_endpoint if self.evidence == "endpoint" else gather_run
        return gather(self.scenario, session.side_targets(), self.evidence_folder,
                      session.cassette_plan)

    def _judge(self) -> Verdict:
        if self.evidence == "spec":
            return judge_spec(self.scenario, self.gathered)
        if self.evidence == "endpoint":
            return judge_endpoint(self.scenario, self.gathered)
        verdict, _learned = judge_run(self.scenario, self.gathered)
        return verdict

    def _save_spec(self, gathered: Any) -> None:
        self.evidence_folder.mkdir(parents=True, exist_ok=True)
        data = {"v1": gathered.v1, "v2": gathered.v2}
        (self.evidence_folder / "spec.json").write_text(
            json.dumps(data, indent=2, sort_keys=True, default=str), encoding="utf-8"
        )


def _mark(item: pytest.Item, scenario: Scenario, evidence: str) -> None:
    """Evidence kind, tags, severity and expectation become markers, for `-m`."""
    item.add_marker(evidence)
    item.add_marker(f"severity_{scenario.severity}")
    if scenario.expect_for(evidence) == "drift":
        item.add_marker("expect_drift")
    for tag in scenario.tags:
        marker = tag.replace("-", "_")
        item.config.addinivalue_line("markers", f"{marker}: scenario tag")
        item.add_marker(marker)
