"""Fixtures for the comparators: two real run folders, v1 and v2, in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from compare_support import RunFolder


@pytest.fixture
def v1_run(tmp_path: Path) -> RunFolder:
    return RunFolder(tmp_path / "v1")


@pytest.fixture
def v2_run(tmp_path: Path) -> RunFolder:
    return RunFolder(tmp_path / "v2")
