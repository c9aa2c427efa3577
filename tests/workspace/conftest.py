"""Fixtures for the local workspace tests: one shared server, clients that use its proxy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from sdk_scripts import Runner, call_records, logged_workspace, proxy_session, run_sdk_script

from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace


@pytest.fixture(scope="session")
def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A server in a fresh folder for the whole session, logging every call."""
    with logged_workspace(tmp_path_factory.mktemp("local-workspace")) as workspace:
        yield workspace


@pytest.fixture
def via_proxy(local_workspace: LocalWorkspace) -> Iterator[requests.Session]:
    """A requests session that reaches Azure host names through the local workspace."""
    with proxy_session(local_workspace) as session:
        yield session


@pytest.fixture(scope="session")
def run_python() -> Runner:
    """Run code in a fresh interpreter with an environment applied before any SDK import.

    The script reports by printing one JSON object on its last stdout line.
    """
    return lambda code, env, timeout=90: run_sdk_script(code, env, timeout=timeout)


@pytest.fixture
def server_log(local_workspace: LocalWorkspace) -> Callable[[str], list[str]]:
    """Lines of the shared server's log that name a given text."""

    def lines(needle: str) -> list[str]:
        text = (local_workspace.directory / runtime.LOG_FILE).read_text()
        return [line for line in text.splitlines() if needle in line]

    return lines


@pytest.fixture
def call_log(local_workspace: LocalWorkspace) -> Callable[[], list[dict[str, Any]]]:
    """The shared server's ``--log-calls`` records so far."""
    return lambda: call_records(local_workspace)
