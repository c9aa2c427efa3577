"""The Allure side of aml-parity: a pytest plugin object that decorates scenario items.

It reads, after each phase of a scenario item, the verdict the item recorded in
`user_properties` and the evidence it saved on disk, and hands them to allure-pytest
through `allure.dynamic`, `allure.step` and `allure.attach`. It never judges anything.
"""

from __future__ import annotations

import hashlib
import traceback
from pathlib import Path
from typing import Any

import pytest

from ..checks.registry import check
from ..compare.verdict import recorded_verdict
from ..evidence import EvidenceFolder
from ..scenario import Scenario
from .allure_folder import ResultsFolder
from .allure_item import emit_identity, emit_verdict
from .allure_results import write_run_files
from .item_reports import ItemReporter
from .run_facts import RunFacts

ALLURE_ID_PROPERTY = "aml_parity_allure_id"


class AllureParityPlugin(ItemReporter):
    """Registered once per pytest process (controller and every xdist worker)."""

    NAME = "aml-parity-allure"

    def __init__(self, config: pytest.Config, facts: RunFacts, results: ResultsFolder,
                 reports: Path) -> None:
        self.config = config
        self.facts = facts
        self.results = results
        self.reports = reports
        self._done: set[str] = set()
        self._setup_start: dict[str, float] = {}

    def item_reported(self, item: pytest.Item, scenario: Scenario, report: pytest.TestReport,
                      call: pytest.CallInfo[None]) -> None:
        if not self.results.active:
            return
        try:
            self._decorate(item, scenario, report, call)
        except Exception:  # a reporting bug must never change a verdict
            item.warn(pytest.PytestWarning(
                f"aml-parity could not write the Allure details of {item.nodeid}:\n"
                + traceback.format_exc(limit=3)))

    def _decorate(self, item: pytest.Item, scenario: Scenario, report: pytest.TestReport,
                  call: pytest.CallInfo[None]) -> None:
        evidence = str(getattr(item, "evidence", ""))
        if report.when == "setup":
            self._setup_start[item.nodeid] = call.start
            emit_identity(scenario, evidence, self.facts)
        verdict = recorded_verdict(item.user_properties)
        if verdict is None or item.nodeid in self._done or report.when == "teardown":
            return
        if report.when == "setup" and not report.failed:
            return  # setup succeeded: the verdict comes with the call phase
        self._done.add(item.nodeid)
        folder = EvidenceFolder(self.reports, scenario.name, evidence)
        emit_verdict(scenario, verdict, check(evidence).report_evidence(folder), folder)
        current = self._current_result()
        if current is not None:
            # allure-pytest times only the call phase; the sides ran during setup
            start = self._setup_start.pop(item.nodeid, None)
            if start is not None:
                current.start = int(start * 1000)
            item.user_properties.append((ALLURE_ID_PROPERTY, allure_report_id(current.uuid)))

    def _current_result(self) -> Any:
        """allure-pytest's open test result (its listener's, not a public API: guarded)."""
        listener = self.config.pluginmanager.get_plugin("allure_listener")
        try:
            return listener.allure_logger.get_test(None)  # type: ignore[union-attr]
        except AttributeError:
            return None

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.results.active and self.results.path and not hasattr(self.config, "workerinput"):
            write_run_files(self.results.path, self.facts)


def allure_report_id(result_uuid: str) -> str:
    """The id Allure 3 gives a result in its report (`index.html#<id>`): md5 of its uuid."""
    return hashlib.md5(result_uuid.encode("utf-8")).hexdigest()
