"""Fixtures for the local workspace tests: one shared server, clients that use its proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace


@pytest.fixture(scope="session")
def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A server in a fresh folder for the whole session, logging every call."""
    folder = tmp_path_factory.mktemp("local-workspace")
    workspace = runtime.start(folder, log_calls=folder / "calls.jsonl")
    yield workspace
    workspace.release()


@pytest.fixture
def via_proxy(local_workspace: LocalWorkspace) -> Iterator[requests.Session]:
    """A requests session that reaches Azure host names through the local workspace."""
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": local_workspace.proxy_url, "http": local_workspace.proxy_url}
    session.verify = str(local_workspace.ca_bundle)
    yield session
    session.close()


def _run_python(code: str, env: dict[str, str], timeout: float = 90) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise AssertionError(f"script failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    report: dict[str, Any] = json.loads(lines[-1])
    return report


@pytest.fixture(scope="session")
def run_python() -> Callable[..., dict[str, Any]]:
    """Run code in a fresh interpreter with an environment applied before any SDK import.

    The script reports by printing one JSON object on its last stdout line.
    """
    return _run_python


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

    def records() -> list[dict[str, Any]]:
        path = Path(local_workspace.directory / "calls.jsonl")
        return [json.loads(line) for line in path.read_text().splitlines()]

    return records
