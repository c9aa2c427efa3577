"""A spec-phase callable that never returns is BROKEN at `timeouts.spec`, saying which callable
and how to raise the deadline; `aml-parity validate` and pytest still finish and exit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.scenario import ScenarioError, load_scenario

HANGS_WHEN_CALLED = "import time\n\ndef build(ws, ctx):\n    time.sleep(3600)\n"
HANGS_WHEN_IMPORTED = "import time\ntime.sleep(3600)\n\ndef build(ws, ctx):\n    return None\n"
DEADLINE = "v1 callable 'v1_job.py:build' did not return within the spec phase's deadline of 1 s"


def hanging_scenario(root: Path, v1: str, timeouts: str = "timeouts: {spec: 1}\n") -> Path:
    root.mkdir(parents=True)
    (root / "v1_job.py").write_text(v1)
    (root / "job.yml").write_text("type: command\n")
    path = root / "scenario.yaml"
    path.write_text(f"v1: v1_job.py:build\nv2: job.yml\n{timeouts}")
    return path


def test_validate_stops_waiting_for_a_hanging_import_and_exits(tmp_path: Path) -> None:
    path = hanging_scenario(tmp_path / "stuck", HANGS_WHEN_IMPORTED)
    started = time.monotonic()
    command = [str(Path(sys.executable).with_name("aml-parity")), "validate", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert time.monotonic() - started < 60
    assert DEADLINE in done.stderr
    assert "(timeouts.spec)" in done.stderr and "'timeouts: {spec: 120}'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_spec_item_is_broken_at_its_deadline(pytester: pytest.Pytester) -> None:
    hanging_scenario(pytester.path / "scenarios" / "stuck", HANGS_WHEN_CALLED)
    result = pytester.runpytest_subprocess("scenarios", "-p", "no:cacheprovider", timeout=120)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*{DEADLINE}*"])
    assert "Traceback" not in result.stdout.str()


@pytest.mark.parametrize("value", ["0", "-1", ".inf", "fast"])
def test_a_spec_deadline_must_be_a_positive_number_of_seconds(tmp_path: Path, value: str) -> None:
    path = hanging_scenario(tmp_path / "s", HANGS_WHEN_CALLED, f"timeouts: {{spec: {value}}}\n")
    with pytest.raises(ScenarioError, match=r"field 'timeouts.spec'"):
        load_scenario(path)


def test_the_spec_deadline_is_a_scenario_field(tmp_path: Path) -> None:
    path = hanging_scenario(tmp_path / "s", HANGS_WHEN_CALLED, "timeouts: {spec: 90}\n")
    assert load_scenario(path).timeouts == {"spec": 90}
