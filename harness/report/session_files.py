"""Session-level outputs besides Allure: certificate, verdicts, summary, JUnit properties.

A pytest plugin object. It learns what happened from test reports only (so it works
the same on an xdist controller, which runs no items) and writes at session end, in one
step under the reports folder's lock: `certificate.json` and `verdicts.json` merged with
what earlier sessions left there (`merge.py`), then `report-links.json` and `summary.md`.
It ends the pytest output with what it kept or dropped of earlier sessions, and what the
session's Allure results replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from ..compare.verdict import Verdict, recorded_verdict
from ..evidence import EvidenceFolder
from ..scenario import Scenario, is_scenario_file
from .allure_folder import ResultsFolder
from .allure_item import epic_of
from .allure_plugin import ALLURE_ID_PROPERTY
from .certificate import CERTIFICATE_FILE, ItemRecord, build_certificate, write_certificate
from .item_reports import ItemReporter
from .merge import merge_certificate, merge_verdicts
from .run_facts import RunFacts, SessionStamp
from .shared_folder import locked, read_json
from .summary import LINKS_FILE, VERDICTS_FILE, write_links, write_session_reports
from .terminal import _cell

PREFIX = "aml_parity_"


class SessionFilesPlugin(ItemReporter):
    """Writes the session files and adds per-item and per-run JUnit properties."""

    NAME = "aml-parity-session-files"

    def __init__(self, config: pytest.Config, facts: RunFacts, reports: Path,
                 results: ResultsFolder | None = None) -> None:
        self.config = config
        self.facts = facts
        self.reports = reports
        self.results = results
        self.session = SessionStamp.new()
        self.records: dict[str, ItemRecord] = {}
        self.allure_ids: dict[str, str] = {}
        self.notes: list[str] = []

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if not self.is_worker:
            add_global_junit_properties(self.config, self.facts)

    def item_reported(self, item: pytest.Item, scenario: Scenario, report: pytest.TestReport,
                      call: pytest.CallInfo[None]) -> None:
        if report.when == "teardown":
            return
        verdict = recorded_verdict(item.user_properties)
        if verdict is None or any(n == f"{PREFIX}outcome" for n, _ in item.user_properties):
            return
        folder = EvidenceFolder(self.reports, scenario.name, verdict.evidence).path
        item.user_properties.extend(junit_properties(scenario, verdict, folder, self.reports))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        path_text, _, evidence = report.nodeid.partition("::")
        path = Path(self.config.rootpath) / path_text
        if not evidence or not is_scenario_file(path):
            return
        previous = self.records.get(report.nodeid)
        status = previous.status if previous else "passed"
        if status == "passed":  # the first phase that did not pass decides
            status = _status(report)
        verdict = recorded_verdict(list(report.user_properties))
        for name, value in report.user_properties:
            if name == ALLURE_ID_PROPERTY and verdict is not None:
                self.allure_ids[f"{verdict.scenario}::{verdict.evidence}"] = str(value)
        message = previous.message if previous else ""
        if not message and (report.failed or report.skipped):
            message = report.longreprtext
        self.records[report.nodeid] = ItemRecord(
            path, evidence, status, verdict or (previous.verdict if previous else None), message)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.is_worker or not self.records:
            return
        root = Path(self.config.rootpath)
        shown = _shown(self.reports, root)
        with locked(self.reports):
            current = build_certificate(root, self.reports, self.facts, self.records.values(),
                                        self.session)
            merged = merge_certificate(read_json(self.reports / CERTIFICATE_FILE), current, root)
            write_certificate(self.reports, merged.certificate)
            verdicts = merge_verdicts(read_json(self.reports / VERDICTS_FILE),
                                      _latest_verdicts(self.records.values()),
                                      merged.certificate, self.session)
            write_links(self.reports / LINKS_FILE, self.allure_ids)
            write_session_reports(self.reports, verdicts)
        replaced = self.results.replaced if self.results else None
        self.notes = ([replaced.line(shown)] if replaced else []) + merged.notes(shown)

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for line in self.notes:
            terminalreporter.write_line(line)


def junit_properties(
    scenario: Scenario, verdict: Verdict, folder: Path, reports: Path
) -> list[tuple[str, str]]:
    """Flat properties a CI system can show or filter on without parsing the verdict JSON."""
    worst = verdict.blocking[0] if verdict.blocking else None
    worst_text = f"{worst.path}: {_cell(worst.v1)} -> {_cell(worst.v2)}" if worst else ""
    try:
        evidence = folder.relative_to(reports.parent).as_posix()
    except ValueError:
        evidence = str(folder)
    props = {
        "outcome": verdict.outcome.value,
        "expect": verdict.expect,
        "meets_expectation": str(verdict.meets_expectation).lower(),
        "beyond_tolerance": str(len(verdict.blocking)),
        "worst_difference": worst_text or (verdict.error.splitlines()[0] if verdict.error else ""),
        "severity": scenario.severity,
        "owner": scenario.owner,
        "epic": epic_of(scenario, verdict.evidence),
        "evidence_folder": evidence,
    }
    return [(PREFIX + k, v) for k, v in props.items()]


def add_global_junit_properties(config: pytest.Config, facts: RunFacts) -> None:
    """Target, record mode and SDK versions on the <testsuite>, when --junitxml is on."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pytest moved it: the per-item properties still carry the verdicts
        return
    xml = config.stash.get(xml_key, None)
    if xml is None:
        return
    for name, value in facts.as_properties().items():
        xml.add_global_property(PREFIX + name, value)


def _latest_verdicts(records: Iterable[ItemRecord]) -> list[Verdict]:
    """The last verdict per item (setup and call reports both carry one)."""
    latest = {(r.verdict.scenario, r.verdict.evidence): r.verdict for r in records if r.verdict}
    return list(latest.values())


def _shown(reports: Path, root: Path) -> str:
    """`reports/` as the user knows it: relative to the project root when inside it."""
    try:
        return reports.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return f"{reports}/"


def _status(report: pytest.TestReport) -> str:
    if report.skipped:
        return "skipped"
    if report.failed:
        return "error" if report.when != "call" else "failed"
    return "passed"
