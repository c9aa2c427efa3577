"""Registers aml-parity's reporters as pytest plugin objects (Allure, certificate, progress).

`harness/plugin.py` loads this module with one line in its `pytest_configure`:
`config.pluginmanager.import_plugin("harness.report.plugins")`; pytest then calls the
`pytest_configure` below (a historic hook reaches plugins registered late).
"""

from __future__ import annotations

import pytest

from ..options import ParityOptions
from ..redact.plugin import RedactionPlugin
from . import progress
from .allure_folder import ResultsFolder
from .allure_plugin import AllureParityPlugin
from .run_facts import RunFacts
from .session_files import SessionFilesPlugin


def pytest_configure(config: pytest.Config) -> None:
    options = ParityOptions.from_config(config)
    facts = RunFacts.gather(options.target, options.record_mode, options.workspace_config)
    manager = config.pluginmanager
    results = manager.get_plugin(ResultsFolder.NAME)
    if results is None:
        results = ResultsFolder(config, options.reports)
        manager.register(results, ResultsFolder.NAME)
    if not manager.has_plugin(AllureParityPlugin.NAME):
        manager.register(AllureParityPlugin(config, facts, results, options.reports),
                         AllureParityPlugin.NAME)
    if not manager.has_plugin(SessionFilesPlugin.NAME):
        manager.register(SessionFilesPlugin(config, facts, options.reports, results),
                         SessionFilesPlugin.NAME)
    if not manager.has_plugin(RedactionPlugin.NAME):
        manager.register(RedactionPlugin(config, options.reports), RedactionPlugin.NAME)
    if not manager.has_plugin(progress.LiveProgress.NAME):
        live = progress.start(config, options.reports)
        if live is not None:
            manager.register(live, progress.LiveProgress.NAME)
