"""Replaying cassettes through the plugin: BROKEN with a useful message when a cassette is
missing or the migration changed. (The whole bundled suite replays offline, without
credentials and on another machine in tests/portability/test_other_host.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRIPPED = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID",
            "AML_PARITY_WORKSPACE_DIR", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE")


def copy_scenarios(pytester: pytest.Pytester, names: list[str], cassettes: bool = True) -> None:
    for name in names:
        shutil.copytree(ROOT / "scenarios" / name, pytester.path / "scenarios" / name)
        if cassettes:
            shutil.copytree(ROOT / "cassettes" / name, pytester.path / "cassettes" / name)


def clean_env() -> dict[str, str]:
    """No credentials, no proxy, no workspace: what a fresh clone in a PR gate has."""
    return {k: v for k, v in os.environ.items() if k not in STRIPPED}


def replay(pytester: pytest.Pytester, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "scenarios", "-m", "run or endpoint",
               "-p", "no:cacheprovider",
               "--record-mode=none", *args]
    return subprocess.run(command, cwd=pytester.path, env=clean_env(), capture_output=True,
                          text=True, timeout=900)


def verdicts(pytester: pytest.Pytester) -> dict[str, str]:
    data = json.loads((pytester.path / "reports" / "verdicts.json").read_text())
    return {v["scenario"]: v["outcome"] for v in data}


def test_a_missing_cassette_is_broken_with_the_command_that_records_it(
    pytester: pytest.Pytester,
) -> None:
    copy_scenarios(pytester, ["sklearn-diabetes"], cassettes=False)
    result = replay(pytester)
    assert result.returncode == 1
    assert "sklearn-diabetes v1: no cassette at" in result.stdout
    assert "pytest scenarios/sklearn-diabetes --record-mode=once" in result.stdout
    assert verdicts(pytester) == {"sklearn-diabetes": "BROKEN"}


def test_a_changed_argument_is_broken_with_the_difference_and_how_to_rerecord(
    pytester: pytest.Pytester,
) -> None:
    copy_scenarios(pytester, ["sklearn-diabetes"])
    job = pytester.path / "scenarios" / "sklearn-diabetes" / "job.yml"
    job.write_text(job.read_text().replace("alpha: 0.0001", "alpha: 0.001"))
    result = replay(pytester)
    assert result.returncode == 1
    out = result.stdout
    assert "sklearn-diabetes v2: the replay made 1 request(s)" in out
    assert "PUT arm:/subscriptions/" in out and "/jobs/parity-sklearn-diabetes_v2_" in out
    assert "differs: body properties.inputs.alpha.value: '0.0001' -> '0.001'" in out
    assert "changed since this cassette certified it" in out
    assert "--record-mode=all" in out
    assert verdicts(pytester) == {"sklearn-diabetes": "BROKEN"}


def test_a_corrupted_cassette_is_broken_naming_its_file_line_and_fix(
    pytester: pytest.Pytester,
) -> None:
    copy_scenarios(pytester, ["sklearn-diabetes"])
    cassette = pytester.path / "cassettes" / "sklearn-diabetes" / "v1-run.yaml"
    lines = cassette.read_text().splitlines(keepends=True)
    lines[348] = "\t" + lines[348]  # a tab where YAML allows none, as a bad merge leaves
    cassette.write_text("".join(lines))
    result = replay(pytester)
    assert result.returncode == 1
    out = " ".join(result.stdout.split())
    assert ("sklearn-diabetes v1: cassettes/sklearn-diabetes/v1-run.yaml line 349 is not "
            "valid YAML (") in out
    assert ("restore it from git (`git checkout -- cassettes/sklearn-diabetes/v1-run.yaml`) or "
            "re-record with `pytest scenarios/sklearn-diabetes --record-mode=all`.") in out
    assert "Traceback" not in result.stdout and "ScannerError" not in result.stdout
    assert verdicts(pytester) == {"sklearn-diabetes": "BROKEN"}
