"""The bundled scenarios' spec items, run by pytest as users do, leave every report behind."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from report_support import BUNDLED, attachments, copy_scenarios

# Loads the reporters explicitly, as harness/plugin.py does once it registers them.
REPORTERS = ("-p", "harness.report.plugins")
Run = tuple[subprocess.CompletedProcess, Path]


@pytest.fixture(scope="module")
def spec_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One `pytest scenarios -m spec` run in a subprocess, shared by the checks below (~20 s)."""
    root = tmp_path_factory.mktemp("project")
    copy_scenarios(root, *[p.name for p in BUNDLED.iterdir() if p.is_dir()])
    command = [sys.executable, "-m", "pytest", "scenarios", "-m", "spec", *REPORTERS,
               "-p", "no:cacheprovider", "--junitxml", "reports/junit.xml"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600,
                          check=False)
    return done, root


def results(root: Path) -> dict[str, dict]:
    folder = root / "reports" / "allure-results"
    return {d["name"]: d for d in (json.loads(p.read_text())
                                   for p in folder.glob("*-result.json"))}


def labels(result: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for label in result["labels"]:
        found.setdefault(label["name"], []).append(label["value"])
    return found


def test_allure_results_are_written_by_default_with_labels(spec_run: Run) -> None:
    result, root = spec_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    found = results(root)
    assert set(found) >= {"sklearn-diabetes::spec", "drift-wrong-alpha::spec",
                          "batch-scoring-folders::spec"}
    diabetes = labels(found["sklearn-diabetes::spec"])
    assert diabetes["epic"] == ["training"]
    assert diabetes["feature"] == ["sklearn-diabetes"]
    assert diabetes["story"] == ["spec"]
    assert diabetes["severity"] == ["critical"]
    assert diabetes["owner"] == ["ml-platform"]
    assert {"training", "sklearn"} <= set(diabetes["tag"])
    assert labels(found["batch-scoring-folders::spec"])["epic"] == ["data"]
    assert "Diabetes regression" in found["sklearn-diabetes::spec"]["description"]
    parameters = {p["name"] for p in found["sklearn-diabetes::spec"]["parameters"]}
    assert parameters == {"target", "record mode", "tolerances: spec"}


def test_steps_and_attachments_show_each_side_and_the_comparison(spec_run: Run) -> None:
    _, root = spec_run
    alpha = results(root)["drift-wrong-alpha::spec"]
    steps = [s["name"] for s in alpha["steps"]]
    assert steps[0].startswith("v1 side: build") and steps[1].startswith("v2 side: build")
    assert steps[2] == "compare spec: 2 beyond tolerance (drift expected)"
    assert set(attachments(alpha)) == {"differences", "v1 canonical spec",
                                       "v2 canonical spec", "spec diff"}
    assert labels(alpha)["parity_category"] == ["Parity drift"]
    folder = root / "reports" / "allure-results"
    html = next(a["source"] for a in alpha["attachments"] if a["name"] == "differences")
    assert "job.instance_count" in (folder / html).read_text()


def test_run_level_files_certificate_and_junit_properties(spec_run: Run) -> None:
    _, root = spec_run
    reports = root / "reports"
    environment = (reports / "allure-results" / "environment.properties").read_text()
    assert "target=local" in environment and "sdk.azure-ai-ml=" in environment
    assert (reports / "allure-results" / "categories.json").is_file()
    assert (reports / "allure-results" / "executor.json").is_file()
    certificate = json.loads((reports / "certificate.json").read_text())
    alpha = certificate["scenarios"]["drift-wrong-alpha"]
    assert alpha["items"]["spec"]["meets_expectation"] is True
    assert alpha["items"]["run"]["outcome"] == "NOT RUN"  # -m spec: not a cutover certificate
    assert certificate["certified"] is False
    tree = ET.parse(reports / "junit.xml")
    suite_props = {p.get("name"): p.get("value") for p in tree.find("testsuite/properties")}
    assert suite_props["aml_parity_target"] == "local"
    case = next(c for c in tree.iter("testcase") if "drift-wrong-alpha" in c.get("classname"))
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["aml_parity_outcome"] == "DRIFT"
    assert props["aml_parity_meets_expectation"] == "true"
    assert props["aml_parity_evidence_folder"] == "reports/evidence/drift-wrong-alpha/spec"
    summary = (reports / "summary.md").read_text()
    assert "| drift-wrong-alpha | spec | ✅ DRIFT (expected) |" in summary
