"""Each kind of bad scenario input gets a one-paragraph error naming file, line, field and fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from harness.scenario import ScenarioError, load_scenario

V1 = 'def build(ws, ctx):\n    return None\n'


def write(folder: Path, scenario: str, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or {"v1_job.py": V1, "job.yml": "type: command\n"}).items():
        (folder / name).write_text(text)
    path = folder / "scenario.yaml"
    path.write_text(textwrap.dedent(scenario))
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def test_a_valid_scenario_loads_with_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "demo", "v1: v1_job.py:build\nv2: job.yml\n")
    scenario = load_scenario(path)
    assert scenario.name == "demo"
    assert scenario.expect == "parity"
    assert scenario.v1.callable == "v1_job.py:build"
    assert scenario.v2.yaml_files == {"job": (tmp_path / "demo" / "job.yml").resolve()}
    assert scenario.evidence == ["spec"]


def test_missing_file(tmp_path: Path) -> None:
    message = error_of(tmp_path / "nowhere" / "scenario.yaml")
    assert "scenario.yaml" in message and "not found" in message


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "s", "v1: v1_job.py:build\nv2: [job.yml\ncompare: {}\n")
    message = error_of(path)
    assert "not valid YAML" in message
    assert "scenario.yaml:3" in message or "scenario.yaml:4" in message


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path / "s", """\
        v1: v1_job.py:build
        v2: job.yml
        compare:
          metrics:
            tolerence: {abs: 0.1}
        """)
    message = error_of(path)
    assert "scenario.yaml:5" in message
    assert "field 'compare.metrics.tolerence'" in message
    assert "did you mean 'tolerance'" in message


def test_missing_side(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: v1_job.py:build\n"))
    assert "missing required field 'v2'" in message
    assert "v2: job.yml" in message


def test_enum_lists_choices(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: v1_job.py:build\nv2: job.yml\nexpect: maybe\n"))
    assert "scenario.yaml:3" in message and "field 'expect'" in message
    assert "use 'parity', 'drift' or 'broken'" in message


def test_expect_can_be_set_per_kind_of_evidence(tmp_path: Path) -> None:
    path = write(tmp_path / "s", "v1: v1_job.py:build\nv2: job.yml\nexpect: {run: drift}\n")
    scenario = load_scenario(path)
    assert scenario.expect_for("run") == "drift"
    assert scenario.expect_for("spec") == "parity"
    bad = "v1: v1_job.py:build\nv2: job.yml\nexpect: {run: maybe}\n"
    message = error_of(write(tmp_path / "t", bad))
    assert "field 'expect.run'" in message


def test_wrong_type(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: v1_job.py:build\nv2: job.yml\ntags: training\n"))
    assert "field 'tags'" in message and "expected array, got str" in message


def test_malformed_callable_reference(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: v1_job.build\nv2: job.yml\n"))
    assert "field 'v1'" in message and "file.py:function" in message


def test_callable_file_not_found(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: missing.py:build\nv2: job.yml\n"))
    assert "field 'v1'" in message and "'missing.py' not found" in message


def test_callable_function_not_found_lists_candidates(tmp_path: Path) -> None:
    path = write(tmp_path / "s", "v1:\n  callable: v1_job.py:submit\nv2: job.yml\n")
    message = error_of(path)
    assert "scenario.yaml:2" in message and "field 'v1.callable'" in message
    assert "defines no function 'submit'" in message and "build" in message


def test_callable_with_syntax_error(tmp_path: Path) -> None:
    files = {"v1_job.py": "def build(ws, ctx)\n    pass\n", "job.yml": "type: command\n"}
    message = error_of(write(tmp_path / "s", "v1: v1_job.py:build\nv2: job.yml\n", files))
    assert "syntax error at line 1" in message


def test_v2_yaml_file_not_found(tmp_path: Path) -> None:
    path = write(tmp_path / "s", "v1: v1_job.py:build\nv2:\n  job: jobs/train.yml\n")
    message = error_of(path)
    assert "field 'v2.job'" in message and "'jobs/train.yml' not found" in message


def test_negative_tolerance(tmp_path: Path) -> None:
    path = write(tmp_path / "s", """\
        v1: v1_job.py:build
        v2: job.yml
        compare:
          metrics:
            tolerance: {abs: -1}
        """)
    message = error_of(path)
    assert "field 'compare.metrics.tolerance.abs'" in message and "out of range" in message


def test_errors_are_one_paragraph(tmp_path: Path) -> None:
    message = error_of(write(tmp_path / "s", "v1: v1_job.py:build\nv2: job.yml\nexpect: 1\n"))
    assert "\n" not in message and "Traceback" not in message
    assert "Fix:" in message
