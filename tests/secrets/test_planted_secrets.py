"""No secret reaches anything the project writes: cassettes, evidence, logs, Allure results,
JUnit, summary, certificate, the terminal. Nine planted values (eight kinds, the SAS
signature also URL-decoded) plus the session's own credentials are recorded live against
the local workspace, then looked for byte for byte, in stored bodies too; the scrubbed
cassettes still replay to the same verdicts, and `aml-parity scan` finds nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from planted import KINDS, plant

from harness.workspace.settings import load_or_create

AML_PARITY = Path(sys.executable).with_name("aml-parity")
STRIPPED = ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AML_PARITY_WORKSPACE_DIR",
            "HTTPS_PROXY", "https_proxy", "PYTEST_ADDOPTS")
PYPROJECT = '[tool.pytest.ini_options]\ntestpaths = ["scenarios"]\n'


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in STRIPPED}
    return subprocess.run([sys.executable, "-m", "pytest", "scenarios", "-p", "no:cacheprovider",
                           "-n", "2", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=900, check=False)


def written_text(project: Path) -> dict[str, str]:
    """Every file under cassettes/ and reports/, gzip bodies decompressed, as text."""
    texts = {}
    for folder in ("cassettes", "reports"):
        for path in (project / folder).rglob("*"):
            if not path.is_file():
                continue
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            texts[str(path.relative_to(project))] = raw.decode("utf-8", errors="replace")
    return texts


def outcomes(project: Path) -> dict[tuple[str, str], str]:
    data = json.loads((project / "reports" / "verdicts.json").read_text(encoding="utf-8"))
    return {(v["scenario"], v["evidence"]): v["outcome"] for v in data}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = tmp_path_factory.mktemp("planted")
    (project / "pyproject.toml").write_text(PYPROJECT)
    plant(project)
    result = run(project, "--record-mode=all", "--junitxml=reports/junit.xml",
                 "--alluredir=reports/allure-results")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return project, result.stdout + result.stderr


def test_no_planted_secret_reaches_any_output(recorded: tuple[Path, str]) -> None:
    project, terminal = recorded
    settings = load_or_create(project / ".aml-parity" / "workspace")
    secrets = {**KINDS, "session client secret": settings.client_secret,
               "session storage key": settings.account_key}
    texts = {**written_text(project), "(terminal)": terminal}
    assert {"cassettes", "reports"} <= {name.split("/")[0] for name in texts}
    for kind in ("evidence", "allure-results", "summary.md", "certificate.json", "junit.xml"):
        assert any(f"reports/{kind}" in name for name in texts), kind  # every output exists
    leaks = {(kind, name) for name, text in texts.items()
             for kind, value in secrets.items() if value in text}
    assert not leaks, sorted(leaks)


def test_the_scan_finds_nothing_in_what_was_written(recorded: tuple[Path, str]) -> None:
    project, _ = recorded
    result = subprocess.run([str(AML_PARITY), "scan"], cwd=project, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 secret(s) found" in result.stdout


def test_the_scan_finds_a_planted_secret_in_a_report(recorded: tuple[Path, str],
                                                      tmp_path: Path) -> None:
    leaky = tmp_path / "reports"
    leaky.mkdir()
    (leaky / "summary.md").write_text(f"| x | connection {KINDS['connection string key']} |\n"
                                      f"password: {KINDS['job environment variable']}\n")
    result = subprocess.run([str(AML_PARITY), "scan", str(leaky)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    assert "summary.md:1: storage account key" in result.stderr
    assert "summary.md:2: secret-named value" in result.stderr
    assert KINDS["connection string key"] not in result.stderr + result.stdout


def test_scrubbed_cassettes_replay_to_the_recorded_verdicts(recorded: tuple[Path, str]) -> None:
    project, _ = recorded
    live = outcomes(project)
    result = run(project, "--record-mode=none")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert outcomes(project) == live == {
        ("planted-run", "spec"): "PASS", ("planted-run", "run"): "PASS",
        ("planted-endpoint", "spec"): "PASS", ("planted-endpoint", "endpoint"): "PASS"}
