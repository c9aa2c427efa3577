"""tests/cassettes: a workspace of its own to record from, and a recording helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from workspace_fixtures import local_workspace_fixture

from harness.cassettes.persister import BodyStorePersister
from harness.cassettes.recorder import _thread_safe_patches, build_vcr
from harness.cassettes.unmatched import TrackingCassette

local_workspace = local_workspace_fixture("cassette-workspace", log_calls=False)


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
