"""pytest collection nodes: a scenario file becomes one item per kind of evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .checks.base import Check, GatherContext, SideBroken
from .checks.registry import check, checks
from .compare.verdict import Verdict, verdict_property
from .evidence import EvidenceFolder
from .options import ParityOptions
from .report.terminal import verdict_message
from .scenario import Scenario, ScenarioError, load_scenario
from .session import ParitySession


class ScenarioFile(pytest.File):
    """A `scenario.yaml`; a file that fails to load yields one failing item saying why."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenario = load_scenario(self.path)
        except ScenarioError as exc:
            invalid = InvalidScenarioItem.from_parent(self, name="scenario", error=exc)
            for kind in checks():  # it stands for every kind of evidence it would have had
                invalid.add_marker(kind.name)
            yield invalid
            return
        for evidence in scenario.evidence:
            item = ScenarioItem.from_parent(
                self, name=evidence, scenario=scenario, evidence=evidence
            )
            _mark(item, scenario, evidence)
            yield item


def record_verdict(item: pytest.Item, verdict: Verdict) -> None:
    """Where the session, the reporters and xdist's controller read an item's verdict."""
    item.user_properties.append(verdict_property(verdict))


class InvalidScenarioItem(pytest.Item):
    """Stands in for a scenario that could not be loaded, so the rest of the suite still runs."""

    def __init__(self, *, error: ScenarioError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        # A row in the verdict table and summary.md too: a scenario that does not load is
        # a scenario the migration cannot be certified on.
        record_verdict(self, Verdict.broken(self.path.parent.name, "scenario", str(self.error)))
        pytest.fail(str(self.error), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.parent.name}::scenario"


def set_aside_unloadable(items: list[pytest.Item]) -> list[pytest.Item]:
    """Take the items of scenario files that do not load out of `items`, before `-m` and
    `-k` select: a gate that runs `-m spec`, `-m "not run"` or `-k diabetes` must still
    fail on a file it cannot read, whatever the expression (its markers alone would not
    survive a negation such as `-m "not run"`)."""
    aside: list[pytest.Item] = [item for item in items if isinstance(item, InvalidScenarioItem)]
    items[:] = [item for item in items if not isinstance(item, InvalidScenarioItem)]
    return aside


def bring_back(config: pytest.Config, aside: list[pytest.Item]) -> list[pytest.Item]:
    """The items set aside, except those named by `--deselect` (an explicit choice)."""
    prefixes = tuple(config.getoption("deselect", None) or ())
    deselected = [item for item in aside if prefixes and item.nodeid.startswith(prefixes)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    return [item for item in aside if item not in deselected]


class ScenarioItem(pytest.Item):
    """One kind of evidence for one scenario, gathered and judged by its check.

    Gathering evidence happens in `setup` (a side that cannot be built or run
    is an ERROR: BROKEN), judging it in `runtest` (drift is a FAILURE), the
    same split users know from fixtures versus assertions.
    """

    def __init__(self, *, scenario: Scenario, evidence: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.evidence = evidence
        self.check: Check = check(evidence)
        self.gathered: Any = None
        self.broken: Verdict | None = None

    def setup(self) -> None:
        try:
            self.gathered = self.check.gather(self.scenario, self._context())
        except ScenarioError as exc:
            error, ran = str(exc), False
        except SideBroken as exc:
            error, ran = str(exc), exc.ran
        else:
            return
        self.broken = Verdict.broken(self.scenario.name, self.evidence, error,
                                     self.scenario.expect_for(self.evidence), ran=ran)
        if self.broken.certifies_breakage:
            return  # the breakage is what this item certifies; runtest records it
        record_verdict(self, self.broken)
        declared = self.broken.expect != "parity"  # then say what was expected first
        pytest.fail(verdict_message(self.broken) if declared else error, pytrace=False)

    def runtest(self) -> None:
        verdict = self.broken or self.check.judge(self.scenario, self.gathered)
        record_verdict(self, verdict)
        if not verdict.meets_expectation:
            pytest.fail(verdict_message(verdict), pytrace=False)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.scenario.name}::{self.evidence}"

    @property
    def evidence_folder(self) -> EvidenceFolder:
        reports = ParityOptions.from_config(self.config).reports
        return EvidenceFolder(reports, self.scenario.name, self.evidence)

    def _context(self) -> GatherContext:
        session = self.config.pluginmanager.get_plugin(ParitySession.NAME)
        assert isinstance(session, ParitySession), "the aml-parity plugin is not configured"
        return GatherContext(session.side_targets(), self.evidence_folder, session.cassette_plan)


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
