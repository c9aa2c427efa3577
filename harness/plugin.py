"""The aml-parity pytest plugin: hooks and options only; the work lives elsewhere."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .checks.registry import checks
from .items import ScenarioFile, bring_back, set_aside_unloadable
from .options import ParityOptions, add_options
from .scenario import is_scenario_file
from .scenario.loader import unreadable_scenario_files
from .session import ParitySession

MARKERS = {
    "expect_drift": "a known-bad migration that passes only when drift is found",
    **{
        f"severity_{s}": f"scenario severity {s}"
        for s in ("blocker", "critical", "normal", "minor", "trivial")
    },
}

# Deprecation noise raised inside the SDKs themselves: nothing a scenario author can act on.
SDK_WARNING_FILTERS = [
    f"ignore::{category}:{module}"
    for category in ("DeprecationWarning", "PendingDeprecationWarning")
    for module in ("azureml.*", "azure.ai.ml.*", "marshmallow.*")
]


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, text in {**{c.name: c.description for c in checks()}, **MARKERS}.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    for line in SDK_WARNING_FILTERS:
        config.addinivalue_line("filterwarnings", line)
    options = ParityOptions.from_config(config)  # fail fast on bad option values
    config.pluginmanager.register(ParitySession(config, options), ParitySession.NAME)
    config.pluginmanager.import_plugin("harness.report.plugins")


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    """A folder's `scenario.yaml` that is a link to nowhere (pytest skips those) still
    becomes an item, whose error says what is wrong with it."""
    report = yield
    if isinstance(collector, pytest.Dir) and report.passed:
        report.result.extend(ScenarioFile.from_parent(collector, path=path)
                             for path in unreadable_scenario_files(collector.path))
    return report


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]
                                  ) -> Generator[None, None, None]:
    """A scenario file that does not load is never deselected by `-m` or `-k`."""
    aside = set_aside_unloadable(items)
    yield
    items.extend(bring_back(config, aside))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if is_scenario_file(file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None
