"""The run-level files Allure reads from the results folder, and the category rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from harness.report.allure_results import (
    categories_config,
    category_of,
    environment_properties,
    executor,
    write_run_files,
)
from harness.report.run_facts import RunFacts

FACTS = RunFacts("azure", "none", "sub/rg:1/ws=a",
                 {"azureml-core": "1.61.0", "azure-ai-ml": "1.35.2"}, "3.11.7")


def test_environment_properties_name_sdks_python_target_and_workspace() -> None:
    lines = environment_properties(FACTS).splitlines()
    assert "target=azure" in lines
    assert "record_mode=none" in lines
    assert "sdk.azureml-core=1.61.0" in lines and "sdk.azure-ai-ml=1.35.2" in lines
    assert "python=3.11.7" in lines
    assert r"workspace=sub/rg\:1/ws\=a" in lines  # Java properties escaping


def test_the_run_files_land_in_the_results_folder(tmp_path: Path) -> None:
    write_run_files(tmp_path, FACTS)
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"environment.properties", "categories.json", "executor.json"}
    categories = json.loads((tmp_path / "categories.json").read_text())
    assert [c["name"] for c in categories] == [
        "Infrastructure", "Broken run", "Parity drift", "Learned noise"]


@pytest.mark.parametrize(("outcome", "message", "category"), [
    ("DRIFT", "x::run: DRIFT, 3 differences beyond tolerance\n table", "Parity drift"),
    ("DRIFT", "x::spec: expected drift (expect: drift) but both sides agree", "Parity drift"),
    ("DRIFT", "x::spec: expected PASS (expect: parity), got DRIFT, 1 difference", "Parity drift"),
    ("PASS", "x::spec: expected DRIFT (expect: drift), got PASS: both sides agree", None),
    ("BROKEN", "v2 run ended Failed: ValueError: 9 columns", "Broken run"),
    ("BROKEN", "v1 could not run: ConnectionError: Max retries exceeded", "Infrastructure"),
    ("PASS", "x::run: PASS learned noise", "Learned noise"),
    ("PASS", "x::run: PASS", None),
])
def test_each_failure_falls_in_one_category(outcome: str, message: str,
                                            category: str | None) -> None:
    assert category_of(outcome, message) == category


def test_allure2_categories_match_whole_messages_as_java_does(tmp_path: Path) -> None:
    write_run_files(tmp_path, FACTS)
    drift = json.loads((tmp_path / "categories.json").read_text())[2]
    message = "x::run: DRIFT, 3 differences beyond tolerance\n  evidence path"
    assert re.fullmatch(drift["messageRegex"], message)


def test_allure3_categories_match_our_label_first() -> None:
    config = categories_config()
    assert config[2]["matchers"][0] == {"labels": {"parity_category": "^Parity drift$"}}
    assert all(isinstance(m, dict) for c in config for m in c["matchers"])


def test_the_executor_is_the_ci_system_when_one_is_detected(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_ACTIONS", "TF_BUILD"):
        monkeypatch.delenv(name, raising=False)
    assert executor()["type"] == "local"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_REPOSITORY", "org/repo")
    monkeypatch.setenv("GITHUB_RUN_ID", "42")
    found = executor()
    assert found["name"] == "GitHub Actions"
    assert found["buildUrl"].endswith("/org/repo/actions/runs/42")
