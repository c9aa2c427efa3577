"""What the SDKs and services say is shown once: validate's SDK warnings, a BROKEN cell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main
from harness.report.messages import cell_error, said_once

ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = ["endpoint-double-encoded", "endpoint-input-data", "endpoint-sklearn"]
DEFAULTS = "azureml-defaults not detected in provided environment pip dependencies"


def test_validate_says_each_sdk_warning_once_naming_its_scenarios(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["validate", *(f"scenarios/{n}" for n in ENDPOINTS)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(DEFAULTS) == 1
    section = result.stderr.split("SDK warnings (each once, with the scenarios that raised it):")
    assert len(section) == 2 and result.stdout.count("ok   ") == 3
    assert f"azureml.core.model: Warning, {DEFAULTS}" in section[1]
    assert f"({', '.join(ENDPOINTS)})" in section[1]


def test_a_replayed_broken_deployment_shows_the_service_message_once_in_its_cell(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    replay = subprocess.run(
        [sys.executable, "-m", "pytest", "scenarios/endpoint-model-dir-bug", "-m", "endpoint",
         "--record-mode=none", f"--parity-reports={tmp_path}", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert replayed_ok(replay)
    error = json.loads((tmp_path / "verdicts.json").read_text())[0]["error"]
    assert error.count("User container has crashed") == 2  # the service says it twice
    row = next(line for line in (tmp_path / "summary.md").read_text().splitlines()
               if line.startswith("| endpoint-model-dir-bug | endpoint |"))
    assert row.count("User container has crashed") == 1
    assert "Code: ResourceNotReady Message:" not in row
    cell = cell_error(error)  # the terminal summary's cell (folded there to its width)
    assert cell.count("User container has crashed") == 1
    assert "'<local workspace>/endpoints/online/ep-v2-" in cell
    assert "/azureml-models/c48495e2…/1/model.pkl'" in cell


def replayed_ok(result: subprocess.CompletedProcess[str]) -> bool:
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return True


def test_azure_cores_second_copy_of_a_message_is_cut() -> None:
    error = ("v2 deployment Failed: (ResourceNotReady) User container has crashed. Please "
             "see https://aka.ms/oe-tsg\nCode: ResourceNotReady\nMessage: User container has "
             "crashed. Please see https://aka.ms/oe-tsg\n--- last lines of the v2 scoring log "
             "---\nTraceback ...")
    assert said_once(error) == (
        "v2 deployment Failed: (ResourceNotReady) User container has crashed. Please see "
        "https://aka.ms/oe-tsg\n--- last lines of the v2 scoring log ---\nTraceback ...")


def test_a_sentence_said_twice_is_kept_once() -> None:
    error = "v1 run ended Failed: no file train.py. no file train.py. Check source_directory."
    assert said_once(error) == "v1 run ended Failed: no file train.py. Check source_directory."


def test_temporary_folders_and_digests_are_cut_to_placeholders() -> None:
    error = ("v1 run ended Failed: cannot open /tmp/tmpk3j2x9_q/snapshot/train.py in "
             "azureml-models/c48495e218f35d0c0b456e15c921bcb2d35bb34abdc9c4ae1c6040063c3f41f6/1"
             "\nsecond line")
    assert cell_error(error) == ("v1 run ended Failed: cannot open <tmp>/snapshot/train.py in "
                                 "azureml-models/c48495e2…/1")
