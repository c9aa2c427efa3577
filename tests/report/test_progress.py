"""The live progress line: what it says about running items and sides, and when it is off."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from harness.report.progress import LiveProgress, wanted


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_line_names_the_item_each_side_and_the_wait(
    pytestconfig: pytest.Config, tmp_path: Path
) -> None:
    clock = Clock()
    live = LiveProgress(pytestconfig, tmp_path, fd=-1, clock=clock)
    live.running["x::run"] = ("sklearn-diabetes", "run", clock.now)
    sides = tmp_path / "evidence" / "sklearn-diabetes" / "run" / "sides"
    for label in ("v1", "v2"):
        (sides / label).mkdir(parents=True)
        (sides / label / f"{label}.request.json").write_text("{}")
    (sides / "v2" / "v2.json").write_text("{}")
    clock.now += 42
    assert live.status_text() == "⏳ sklearn-diabetes::run v1 running, v2 done 42 s"


def test_files_from_an_earlier_run_do_not_count(pytestconfig: pytest.Config,
                                                tmp_path: Path) -> None:
    live = LiveProgress(pytestconfig, tmp_path, fd=-1)
    old = tmp_path / "evidence" / "s" / "run" / "sides" / "v1" / "v1.request.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    past = time.time() - 3600
    os.utime(old, (past, past))
    live.running["s::run"] = ("s", "run", time.monotonic())
    assert live.status_text().startswith("⏳ s::run building")


def test_quiet_in_ci_and_when_not_a_terminal(
    pytestconfig: pytest.Config, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CI", "true")
    assert not wanted(pytestconfig, 1)
    monkeypatch.delenv("CI")
    with (tmp_path / "file").open("w") as handle:
        assert not wanted(pytestconfig, handle.fileno())
    assert not wanted(pytestconfig, None)
