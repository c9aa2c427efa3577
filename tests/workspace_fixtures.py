"""Each test folder's own local workspace, the SDK runners bound to it, and clients of it.

The tests/workspace* folders and tests/cassettes each start a local workspace of their own
for the session (per xdist worker): what one folder's tests create (runs, models,
endpoints, recorded traffic) never shows in another's, and the tests of a folder share one
server instead of each paying for a start. pytest caches a session-scoped fixture once per
definition, so each folder's conftest defines its own with the factories here, e.g.

    local_workspace = local_workspace_fixture("v1-workspace")
    run_v1 = sdk_runner_fixture(V1_PREAMBLE, timeout=120)

The function-scoped fixtures at the end (`via_proxy`, `call_log`, `server_log`) use the
`local_workspace` of the test's folder; the root conftest registers this module
(`pytest_plugins`), so every folder has them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import requests
from sdk_scripts import SdkRunner

from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace

#: What `pytest.fixture` makes of a function; a conftest names it by assigning it.
Fixture = Callable[..., Any]
#: The file a workspace started with `log_calls` writes its `--log-calls` records to.
CALL_LOG = "calls.jsonl"


def local_workspace_fixture(folder: str, *, log_calls: bool = True,
                            settings: dict[str, Any] | None = None) -> Fixture:
    """A session-scoped local workspace in a fresh temporary folder named after `folder`.

    With `log_calls` the server records every call it answers (read by `call_log`);
    `settings` overrides the workspace's settings.json (e.g. `mlflow_logged_models`).
    """

    @pytest.fixture(scope="session")
    def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
        directory = tmp_path_factory.mktemp(folder)
        if settings:
            (directory / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        workspace = runtime.start(directory,
                                  log_calls=directory / CALL_LOG if log_calls else None)
        try:
            yield workspace
        finally:
            workspace.release()

    return local_workspace


def sdk_runner_fixture(preamble: str, *, timeout: float, in_project: bool = False) -> Fixture:
    """A session-scoped `SdkRunner` on the folder's `local_workspace`.

    `in_project` runs the scripts in the folder's `project` fixture, so that the SDKs
    resolve relative paths (code, data, YAML specs) as in a user's checkout.
    """

    @pytest.fixture(scope="session")
    def sdk_runner(local_workspace: LocalWorkspace, request: pytest.FixtureRequest) -> SdkRunner:
        cwd = request.getfixturevalue("project") if in_project else None
        return SdkRunner(local_workspace, preamble, timeout, cwd)

    return sdk_runner


def files_fixture(folder: str, files: Mapping[str, str | bytes]) -> Fixture:
    """A session-scoped fresh folder holding `files` (a user's project, a job's code)."""

    @pytest.fixture(scope="session")
    def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return write_files(tmp_path_factory.mktemp(folder), files)

    return written


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """`root` with `files` written below it: relative path to text, or to bytes."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


@contextlib.contextmanager
def proxy_session(workspace: LocalWorkspace) -> Iterator[requests.Session]:
    """Plain HTTP(S) to Azure host names through the workspace, as a user's client would."""
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": workspace.proxy_url, "http": workspace.proxy_url}
    session.verify = str(workspace.ca_bundle)
    try:
        yield session
    finally:
        session.close()


@pytest.fixture
def via_proxy(local_workspace: LocalWorkspace) -> Iterator[requests.Session]:
    """A requests session that reaches Azure host names through the folder's workspace."""
    with proxy_session(local_workspace) as session:
        yield session


@pytest.fixture
def call_log(local_workspace: LocalWorkspace) -> Callable[[], list[dict[str, Any]]]:
    """The workspace's `--log-calls` records so far (a workspace started with `log_calls`)."""
    path = local_workspace.directory / CALL_LOG
    return lambda: [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def server_log(local_workspace: LocalWorkspace) -> Callable[[str], list[str]]:
    """Lines of the workspace's server log that name a given text."""

    def lines(needle: str) -> list[str]:
        text = (local_workspace.directory / runtime.LOG_FILE).read_text()
        return [line for line in text.splitlines() if needle in line]

    return lines
