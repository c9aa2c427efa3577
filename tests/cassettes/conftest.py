"""Fixtures for cassette tests: a local workspace to record from, and a recording helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from sdk_scripts import proxy_session

from harness.cassettes.persister import BodyStorePersister
from harness.cassettes.recorder import _thread_safe_patches, build_vcr
from harness.cassettes.unmatched import TrackingCassette
from harness.workspace import runtime
from harness.workspace.runtime import LocalWorkspace


@pytest.fixture(scope="session")
def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    workspace = runtime.start(tmp_path_factory.mktemp("cassette-workspace"))
    yield workspace
    workspace.release()


@pytest.fixture
def via_proxy(local_workspace: LocalWorkspace) -> Iterator[requests.Session]:
    """A requests session reaching the real Azure host names through the workspace's proxy."""
    with proxy_session(local_workspace) as session:
        yield session


@pytest.fixture
def record() -> Callable[[Path, str], Any]:
    """`with record(path, mode) as cassette:` records with the harness's vcrpy configuration."""

    @contextmanager
    def recording(path: Path, mode: str = "all") -> Iterator[TrackingCassette]:
        config = build_vcr(BodyStorePersister({"run_token": "ab12cd34"})).get_merged_config(
            path=str(path), record_mode=mode)
        with TrackingCassette.use(**config) as cassette, _thread_safe_patches():
            yield cassette

    return recording
