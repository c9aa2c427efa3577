"""`aml-parity init`: a new repository, outside this project, certifies its first scenario."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main
from harness.scenario.schema import published_schema

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as a user types it in their own repository: no path into this project."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def init(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["init", str(folder), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_init_then_pytest_passes_the_skeleton_spec_item_in_a_fresh_repository(
    tmp_path: Path,
) -> None:
    made = run(str(BIN / "aml-parity"), "init", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    tested = run(str(BIN / "pytest"), "-p", "no:cacheprovider", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "scenarios/my-migration/scenario.yaml ." in tested.stdout
    assert "1 passed" in tested.stdout
    replayed = run(str(BIN / "pytest"), "--record-mode=none", "-q", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stdout  # what the written CI gate runs
    for written in tmp_path.rglob("*"):
        if written.is_file() and "reports" not in written.parts:
            assert str(ROOT) not in written.read_text(encoding="utf-8"), written


def test_the_schema_is_printed_from_the_installed_package_anywhere(tmp_path: Path) -> None:
    printed = run(str(BIN / "aml-parity"), "schema", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    shipped = ROOT / "harness" / "scenario" / "scenario.schema.json"
    assert printed.stdout == published_schema() == shipped.read_text()


def test_the_skeleton_points_editors_at_a_schema_file_it_wrote(tmp_path: Path) -> None:
    init(tmp_path)
    scenario = tmp_path / "scenarios" / "my-migration" / "scenario.yaml"
    first = scenario.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../.aml-parity-schema.json"
    assert (tmp_path / ".aml-parity-schema.json").read_text() == published_schema()
    workflow = (tmp_path / ".github" / "workflows" / "aml-parity.yml").read_text()
    assert "pytest --record-mode=none" in workflow


def test_nothing_that_exists_is_overwritten(tmp_path: Path) -> None:
    settings = '[tool.pytest.ini_options]\naddopts = "-ra"\n'
    (tmp_path / "pyproject.toml").write_text(settings)
    (tmp_path / ".gitignore").write_text("build/\nreports/\n")
    mine = tmp_path / "scenarios" / "churn" / "scenario.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("v1: mine.py:build\nv2: mine.yml\n")
    output = init(tmp_path, "--name", "churn")
    assert mine.read_text() == "v1: mine.py:build\nv2: mine.yml\n"
    assert "skipped     scenarios/churn/scenario.yaml: it exists and was left as it is" in output
    assert (tmp_path / "pyproject.toml").read_text() == settings
    assert "skipped     pyproject.toml: it already has a pytest table; add" in output
    assert 'testpaths = ["scenarios"]' in output  # what to add by hand
    assert (tmp_path / ".gitignore").read_text().splitlines() == [
        "build/", "reports/", "", "# aml-parity: the local workspace and generated reports",
        ".aml-parity/"]
    assert "wrote       scenarios/churn/job.yml" in output


def test_a_pyproject_without_pytest_settings_gets_them_appended(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "churn"\n')
    output = init(tmp_path)
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "churn"\n\n[tool.pytest.ini_options]\n')
    assert "appended to pyproject.toml: [tool.pytest.ini_options]" in output


def test_a_pytest_ini_is_named_with_what_to_add(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    output = init(tmp_path)
    assert not (tmp_path / "pyproject.toml").exists()
    assert "skipped     pytest.ini: pytest reads its settings from it" in output
    assert "[pytest]" in output


@pytest.mark.parametrize("name", ["my scenario", "../escape", "..", ""])
def test_a_scenario_name_that_cannot_be_a_folder_is_refused(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", name])
    assert result.exit_code == 2
    assert "cannot name a scenario folder" in result.output
    assert not (tmp_path / "scenarios").exists()
