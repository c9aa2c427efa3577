"""Sessions that share one reports folder keep every scenario's latest verdict, and say so.

Two copies of the bundled spec-only scenario, `pytorch-a` and `pytorch-b`, are run by
separate pytest sessions into one `reports/`: one after the other, then both at once.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_support import BUNDLED

AML_PARITY = Path(sys.executable).with_name("aml-parity")
NAMES = ("pytorch-a", "pytorch-b")


@pytest.fixture
def project(pytester: pytest.Pytester) -> Path:
    for name in NAMES:
        shutil.copytree(BUNDLED / "pytorch-distributed", pytester.path / "scenarios" / name)
    return pytester.path


def run(pytester: pytest.Pytester, scenario: str) -> pytest.RunResult:
    result = pytester.runpytest(f"scenarios/{scenario}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    return result


def read(project: Path, name: str) -> object:
    return json.loads((project / "reports" / name).read_text())


def sessions(project: Path) -> dict[str, str]:
    """Scenario -> id of the session its verdict in verdicts.json comes from."""
    return {v["scenario"]: v["session"]["id"] for v in read(project, "verdicts.json")}


def test_a_later_session_keeps_the_verdicts_of_scenarios_it_did_not_run(
    pytester: pytest.Pytester, project: Path
) -> None:
    run(pytester, "pytorch-a")
    second = run(pytester, "pytorch-b")
    first_id, second_id = sessions(project)["pytorch-a"], sessions(project)["pytorch-b"]
    assert first_id != second_id
    certificate = read(project, "certificate.json")
    assert certificate["certified"] is True and certificate["not_run"] == []
    assert certificate["session"]["id"] == second_id
    assert certificate["scenarios"]["pytorch-a"]["items"]["spec"]["session"]["id"] == first_id
    out = second.stdout.str()
    assert re.search(r"reports/: replaced 1 Allure result of the session of "
                     r"\d{4}-\d\d-\d\d \d\d:\d\d \(scenario pytorch-a\)", out), out
    assert ("reports/: certificate.json, verdicts.json and summary.md keep the latest results "
            "of what this session did not run: pytorch-a (the session of ") in out
    summary = (project / "reports" / "summary.md").read_text()
    assert "**Certified for cutover**" in summary
    assert "| pytorch-a | spec | ✅ PASS, from the session of " in summary
    certify = pytester.run(AML_PARITY, "certify")
    assert certify.ret == 0
    certify.stdout.fnmatch_lines(["ok   pytorch-a: spec PASS (from the session of *)",
                                  "ok   pytorch-b: spec PASS"])

    run(pytester, "pytorch-a")  # a re-run replaces its own entries only
    now = sessions(project)
    assert now["pytorch-b"] == second_id and now["pytorch-a"] not in (first_id, second_id)

    job = project / "scenarios" / "pytorch-b" / "job.yml"  # a kept result still answers
    job.write_text(job.read_text() + "\n# edited\n")      # for the files it was run on
    refused = pytester.run(AML_PARITY, "certify")
    assert refused.ret == 2
    assert "pytorch-b: scenario files changed since the run" in refused.stderr.str()


def test_sessions_running_at_once_lose_no_result(project: Path) -> None:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
    runs = [subprocess.Popen([*command, f"scenarios/{name}"], cwd=project, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for name in NAMES]
    outputs = [process.communicate(timeout=600)[0] for process in runs]
    assert [process.returncode for process in runs] == [0, 0], outputs
    assert set(sessions(project)) == set(NAMES)
    certificate = read(project, "certificate.json")
    assert set(certificate["scenarios"]) == set(NAMES) and certificate["certified"] is True
