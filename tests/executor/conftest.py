"""Fixtures for the job executor: a real executor, real scripts, and a status recorder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from executor_support import JobMaker, StatusRecorder

from harness.workspace.executor import Executor


@pytest.fixture
def recorder() -> StatusRecorder:
    return StatusRecorder()


@pytest.fixture
def executor(recorder: StatusRecorder) -> Iterator[Executor]:
    with Executor(max_concurrent=4, on_status=recorder, cancel_grace=2.0) as running:
        yield running


@pytest.fixture
def make_job(tmp_path: Path) -> JobMaker:
    return JobMaker(tmp_path / "jobs")
