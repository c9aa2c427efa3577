"""Errors from deep inside the SDKs reach users as one line that names the cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.ai.ml import load_job

from harness.checks.spec import SpecEvidence, judge_spec
from harness.scenario import load_scenario
from harness.sides.sdk_errors import explain_sdk_error


def sdk_error(tmp_path: Path, job: str) -> str:
    (tmp_path / "job.yml").write_text(job)
    with pytest.raises(Exception) as info:
        load_job(tmp_path / "job.yml")
    return explain_sdk_error(info.value)


def test_a_missing_conda_file_is_named(tmp_path: Path) -> None:
    message = sdk_error(tmp_path, (
        "type: command\ncommand: python x.py\ncompute: azureml:cpu\n"
        "environment:\n  image: python:3.11\n  conda_file: nowhere.yml\n"
    ))
    assert message == f"environment: file not found: {tmp_path / 'nowhere.yml'}"


def test_a_bad_enum_names_the_field_and_choices(tmp_path: Path) -> None:
    message = sdk_error(tmp_path, (
        "type: command\ncommand: python x.py\ncompute: azureml:cpu\nenvironment: azureml:e:1\n"
        "inputs:\n  a: {type: uri_folder, mode: sideways, path: ./}\n"
    ))
    assert message.startswith("mode: Value 'sideways' passed is not in set")
    assert "\\" not in message


def test_an_ignore_pattern_that_names_nothing_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "v1_job.py").write_text("def build(ws, ctx):\n    return None\n")
    (tmp_path / "job.yml").write_text("type: command\n")
    (tmp_path / "scenario.yaml").write_text(
        "v1: v1_job.py:build\nv2: job.yml\n"
        "compare:\n  spec:\n    ignore: [job.environment.pip.numpy, job.enviroment]\n"
    )
    spec = {"job": {"environment": {"pip": ["numpy==2.0"]}, "command": ["python"]}}
    verdict = judge_spec(load_scenario(tmp_path / "scenario.yaml"), SpecEvidence(spec, spec))
    assert verdict.outcome.value == "PASS"
    assert [(d.path, d.v1, d.severity) for d in verdict.differences] == [
        ("compare.spec.ignore", "job.enviroment", "warning")
    ]
    assert "nearest real paths: job.environment" in verdict.differences[0].note


def test_a_spec_phase_workspace_lookup_names_the_host_and_how_to_avoid_it(
        tmp_path: Path) -> None:
    from harness.checks.spec import gather_spec
    from harness.scenario import ScenarioError

    (tmp_path / "v1_job.py").write_text(
        "from azureml.core import Environment\n\n"
        "def build(ws, ctx):\n    return Environment.get(ws, 'azureml-sklearn-1.5')\n")
    (tmp_path / "job.yml").write_text("type: command\ncommand: python x.py\n"
                                      "environment: azureml:e:1\ncompute: azureml:cpu\n")
    (tmp_path / "scenario.yaml").write_text("v1: v1_job.py:build\nv2: job.yml\n")
    with pytest.raises(ScenarioError) as raised:
        gather_spec(load_scenario(tmp_path / "scenario.yaml"))
    message = str(raised.value)
    assert "it called the workspace (management.azure.com)" in message
    assert "Environment.get(ws, name) for a curated environment" in message
