"""Cassettes replay on any machine: recorded on one host identity, replayed under another.

The pull-request gate replays on whatever runner CI gives it, so these tests replay
under an identity that shares nothing with the machine that recorded the cassettes
(`other_host.py`: kernel, platform string, host and user names, Python build, HOME,
temp folder, time zone, locale, checkout path), with no network and no credentials.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from other_host import OTHER_HOST, RECORDING_HOST, OtherHost, facts_seen, namespaces

ROOT = Path(__file__).resolve().parents[2]
#: Credentials, proxies and workspace pointers a PR gate does not have.
STRIPPED = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID",
            "AML_PARITY_WORKSPACE_DIR", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "PYTEST_ADDOPTS",
            "PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT")
PYPROJECT = '[tool.pytest.ini_options]\ntestpaths = ["scenarios"]\n'


def checkout(base: Path, name: str, scenarios: list[str], cassettes: Path | None) -> Path:
    """A project of its own at a path unlike the recording machine's, as a clone would be."""
    project = base / "elsewhere" / name
    for scenario in scenarios:
        shutil.copytree(ROOT / "scenarios" / scenario, project / "scenarios" / scenario)
        if cassettes is not None:
            shutil.copytree(cassettes / scenario, project / "cassettes" / scenario)
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return project


def run_as(host: OtherHost, project: Path, *args: str, offline: bool
           ) -> subprocess.CompletedProcess[str]:
    env = host.env({k: v for k, v in os.environ.items() if k not in STRIPPED})
    command = host.command([sys.executable, "-m", "pytest", "scenarios", "-p", "no:cacheprovider",
                            "-m", "run or endpoint", *args], offline=offline)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                          timeout=1200, check=False)


def outcomes(project: Path) -> dict[tuple[str, str], str]:
    data = json.loads((project / "reports" / "verdicts.json").read_text(encoding="utf-8"))
    return {(v["scenario"], v["evidence"]): v["outcome"] for v in data}


def expected_outcomes(names: list[str]) -> dict[tuple[str, str], str]:
    """What each bundled item certifies: its declared expectation, as an outcome."""
    from harness.scenario.loader import load_scenario

    wanted = {"parity": "PASS", "drift": "DRIFT", "broken": "BROKEN"}
    found = {}
    for name in names:
        scenario = load_scenario(ROOT / "scenarios" / name / "scenario.yaml")
        for kind in ("run", "endpoint"):
            if kind in scenario.evidence:
                found[(name, kind)] = wanted[scenario.expect_for(kind)]
    return found


def cassette_texts(folder: Path) -> dict[Path, str]:
    """Every cassette file and stored body under `folder`, as text."""
    texts = {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")}
    for body in folder.rglob("*.gz"):
        texts[body] = gzip.decompress(body.read_bytes()).decode("utf-8", errors="replace")
    return texts


@pytest.fixture(scope="module")
def other_host(tmp_path_factory: pytest.TempPathFactory) -> OtherHost:
    return OtherHost(OTHER_HOST, tmp_path_factory.mktemp("other-host")).prepare()


def test_the_other_host_really_differs_from_this_one(other_host: OtherHost) -> None:
    here = facts_seen(dict(os.environ), OtherHost(OTHER_HOST, other_host.root), sys.executable)
    env = other_host.env(dict(os.environ))
    there = facts_seen(env, other_host, sys.executable)
    assert there["hostname"] == there["node"] == OTHER_HOST.hostname
    assert there["user"] == OTHER_HOST.user
    assert there["platform"].startswith(OTHER_HOST.platform_string())
    assert there["sys_version"].endswith("fakebuild-q7w3k9]")
    assert there["home"] == str(other_host.home) and there["tmp"] == str(other_host.tmp)
    assert there["tz"] != "UTC"
    import platform
    import socket

    assert platform.platform() != there["platform"] and socket.gethostname() != there["hostname"]
    assert here  # the probe itself runs


def test_the_bundled_suite_replays_on_another_machine_offline_without_credentials(
    other_host: OtherHost, tmp_path: Path,
) -> None:
    names = sorted(p.name for p in (ROOT / "cassettes").iterdir()
                   if (ROOT / "scenarios" / p.name).is_dir())
    project = checkout(tmp_path, "another-checkout-q7w3k9", names, ROOT / "cassettes")
    result = run_as(other_host, project, "--record-mode=none", "-n", "2", offline=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert outcomes(project) == expected_outcomes(names)
    sides = [p for p in other_host.processes_seen() if p.endswith(".request.json")]
    assert len(sides) >= 2 * len(names), other_host.processes_seen()  # the sides were there
    assert not (project / ".aml-parity" / "workspace").exists()  # nothing was started


@pytest.mark.skipif(not namespaces(offline=False), reason="needs unshare -u (root)")
def test_a_recording_names_nothing_of_its_machine_and_replays_on_another(
    other_host: OtherHost, tmp_path: Path,
) -> None:
    names = ["iris-logging", "endpoint-sklearn", "endpoint-model-dir-bug"]
    recorder = OtherHost(RECORDING_HOST, tmp_path / "recording-host").prepare()
    project = checkout(tmp_path, "record-checkout-m2x8p4", names, None)
    recorded = run_as(recorder, project, "--record-mode=all", "-n", "2", offline=True)
    assert recorded.returncode == 0, recorded.stdout[-6000:] + recorded.stderr[-2000:]

    texts = cassette_texts(project / "cassettes")
    machine = [*RECORDING_HOST.distinct_values(), str(project), str(tmp_path),
               str(recorder.home), str(recorder.tmp), "+0545"]
    leaks = {(str(path.relative_to(project)), value) for path, text in texts.items()
             for value in machine if value in text}
    assert not leaks, sorted(leaks)
    joined = "\n".join(texts.values())
    for placeholder in ("<platform>", "<python>", "<checkout>"):
        assert placeholder in joined, placeholder  # hidden, not merely absent

    elsewhere = tmp_path / "elsewhere" / "replayed-on-q7w3k9"
    shutil.copytree(project / "scenarios", elsewhere / "scenarios")
    shutil.copytree(project / "cassettes", elsewhere / "cassettes")
    (elsewhere / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    replayed = run_as(other_host, elsewhere, "--record-mode=none", offline=True)
    assert replayed.returncode == 0, replayed.stdout[-6000:] + replayed.stderr[-2000:]
    assert outcomes(elsewhere) == outcomes(project) == expected_outcomes(names)
