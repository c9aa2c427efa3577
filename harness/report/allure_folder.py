"""Where allure-pytest writes, and when: only once the session has scenario items.

`<reports>/allure-results` holds one session's results. `aml-parity report` builds the
HTML report from it and appends that session to the report's history
(`allure-history.jsonl`), so the trends gain one point per session; results kept from
earlier sessions would count again in every later point. A session with scenario items
therefore empties the folder first, and says what it replaced (the verdicts themselves
stay merged in verdicts.json and certificate.json). A session without scenario items
(pytest in a folder with none, a project's own unit tests) neither creates nor touches
it, and allure-pytest writes nowhere unless the user passed `--alluredir`.

Under xdist the controller empties the folder when the first worker reports its
collection (no item is scheduled before every worker has); each worker starts its own
allure-pytest listener after collecting.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..scenario import is_scenario_file
from .allure_results import RESULTS_FOLDER
from .run_facts import SessionStamp
from .shared_folder import read_json

SHOWN_SCENARIOS = 5


@dataclass(frozen=True)
class ReplacedResults:
    """What an earlier session left in the results folder: how many results, of which
    scenarios, and when that session started."""

    count: int
    scenarios: list[str]
    session: SessionStamp

    @classmethod
    def of(cls, folder: Path) -> ReplacedResults | None:
        files = sorted(folder.glob("*-result.json")) if folder.is_dir() else []
        names, starts = set(), []
        for file in files:
            data = read_json(file)
            data = data if isinstance(data, dict) else {}
            labels = {label.get("name"): label.get("value") for label in data.get("labels", [])
                      if isinstance(label, dict)}
            names.add(str(labels.get("feature") or data.get("name") or file.name))
            if isinstance(data.get("start"), int):
                starts.append(data["start"])
        if not files:
            return None
        started = (dt.datetime.fromtimestamp(min(starts) / 1000, dt.timezone.utc)
                   .isoformat(timespec="seconds") if starts else "")
        return cls(len(files), sorted(names), SessionStamp("", started))

    def line(self, folder: str) -> str:
        """`reports/: replaced 14 Allure results of the session of ... (scenarios a, b); ...`"""
        shown = ", ".join(self.scenarios[:SHOWN_SCENARIOS])
        if len(self.scenarios) > SHOWN_SCENARIOS:
            shown += f" and {len(self.scenarios) - SHOWN_SCENARIOS} more"
        results = "result" if self.count == 1 else "results"
        scenarios = "scenario" if len(self.scenarios) == 1 else "scenarios"
        return (f"{folder}: replaced {self.count} Allure {results} of {self.session.shown} "
                f"({scenarios} {shown}); allure-results holds the latest session only, "
                "`aml-parity report` keeps the history")


class ResultsFolder:
    """A pytest plugin object: the session's Allure results folder, touched only once it
    is known that scenario items run (`active`)."""

    NAME = "aml-parity-allure-folder"

    def __init__(self, config: pytest.Config, reports: Path) -> None:
        self.config = config
        self.default = reports / RESULTS_FOLDER
        self.path: Path | None = None
        self.active = False
        self.replaced: ReplacedResults | None = None
        #: without --alluredir allure-pytest idles, and its listener is started here
        self._start_listener = False
        if not hasattr(config.option, "allure_report_dir"):  # allure-pytest not installed
            return
        chosen = getattr(config.option, "allure_report_dir", None)
        self.path = Path(chosen).resolve() if chosen else self.default
        self._start_listener = not chosen

    def activate(self) -> None:
        """Empty our folder (the controller, once) and have allure-pytest write into it."""
        if self.path is None or self.active or not _wants_fresh(self.config):
            return
        self.active = True
        controller = not hasattr(self.config, "workerinput")
        if controller and self.path.resolve() == self.default.resolve():
            self.replaced = ReplacedResults.of(self.path)
            _empty(self.path)
        if self._start_listener:
            self.config.option.allure_report_dir = str(self.path)
            _start_allure_listener(self.config, self.path)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if _any_scenario_item(item.nodeid for item in session.items):
            self.activate()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        if _any_scenario_item(ids):
            self.activate()


def _any_scenario_item(nodeids: Iterable[str]) -> bool:
    return any(is_scenario_file(Path(nodeid.partition("::")[0])) for nodeid in nodeids)


def _wants_fresh(config: pytest.Config) -> bool:
    """Collect-only and --help runs must not wipe the last results."""
    return not (config.option.collectonly or getattr(config.option, "help", False))


def _empty(folder: Path) -> None:
    if folder.is_dir():
        for child in folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)


def _start_allure_listener(config: pytest.Config, folder: Path) -> None:
    """Do what allure-pytest's configure does when given --alluredir."""
    import allure_commons
    from allure_commons.logger import AllureFileLogger
    from allure_pytest.listener import AllureListener

    if config.pluginmanager.get_plugin("allure_listener") is not None:
        return
    listener = AllureListener(config)
    config.pluginmanager.register(listener, "allure_listener")
    file_logger = AllureFileLogger(str(folder), False)
    for plugin in (listener, file_logger):
        allure_commons.plugin_manager.register(plugin)
        config.add_cleanup(_unregister(plugin))


def _unregister(plugin: object) -> Any:
    import allure_commons

    def clean_up() -> None:
        name = allure_commons.plugin_manager.get_name(plugin)
        if name is not None:
            allure_commons.plugin_manager.unregister(name=name)

    return clean_up
