"""Gathers verdicts from every item (and every xdist worker) for the terminal summary.

The report files (verdicts.json, summary.md, certificate.json) are written by
`report/session_files.py`, which merges them with earlier sessions' under one lock.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .cassettes.plan import CassettePlan, SideTargets
from .compare.verdict import Verdict, recorded_verdicts
from .options import ParityOptions
from .redact import session_redactor
from .report.terminal import summary_table, warnings_section
from .targets import Target, azure_target, local_target, replay_target


class ParitySession:
    """Registered once per pytest process; only the controller writes session reports."""

    NAME = "aml-parity-session"

    def __init__(self, config: pytest.Config, options: ParityOptions) -> None:
        self.config = config
        self.options = options
        self.verdicts: list[Verdict] = []
        self._target: Target | None = None
        self._replay: Target | None = None

    def target(self) -> Target:
        """The workspace sides run against, started on first use and shared by xdist workers."""
        if self._target is None:
            root = Path(self.config.rootpath)
            if self.options.target == "azure":
                self._target = azure_target(self.options.workspace_config, root)
            else:
                self._target = local_target(root, self.options.build_environments)
            self._target.teach(session_redactor())
        return self._target

    def replay_target(self) -> Target:
        """Where replay-only sides run: nothing is started, nothing is reachable."""
        if self._replay is None:
            self._replay = replay_target(Path(self.config.rootpath))
        return self._replay

    def side_targets(self) -> SideTargets:
        """The live target is started only when some side actually records."""
        return SideTargets(self.target, self.replay_target)

    @property
    def cassette_plan(self) -> CassettePlan:
        return CassettePlan(self.options.cassettes, self.options.record_mode)

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when in ("setup", "call"):
            self.verdicts.extend(recorded_verdicts(report.user_properties))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.verdicts and not self.is_worker:
            terminalreporter.write_sep("=", "aml-parity verdicts")
            terminalreporter.write_line(summary_table(self._unique()))
            warnings = warnings_section(self._unique())
            if warnings:
                terminalreporter.write_sep("-", "aml-parity warnings")
                terminalreporter.write_line(warnings)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self._target is not None:
            self._target.release()

    def _unique(self) -> list[Verdict]:
        """The last verdict per item (setup and call reports both carry properties)."""
        latest = {(v.scenario, v.evidence): v for v in self.verdicts}
        return sorted(latest.values(), key=lambda v: (v.scenario, v.evidence))
