"""The one hook reporters need: each phase report of a scenario item, once pytest made it."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from ..scenario import Scenario


class ItemReporter:
    """A pytest plugin object told of every setup/call/teardown report of a scenario item."""

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        scenario = getattr(item, "scenario", None)
        if isinstance(scenario, Scenario):
            self.item_reported(item, scenario, outcome.get_result(), call)

    def item_reported(self, item: pytest.Item, scenario: Scenario, report: pytest.TestReport,
                      call: pytest.CallInfo[None]) -> None:
        """Read the item's recorded verdict and evidence; never change the verdict."""
