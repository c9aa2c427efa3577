"""`aml-parity cassettes check|prune` on a copy of one bundled scenario and its cassettes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cassettes.cli import cassettes

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "scenarios" / "sklearn-diabetes",
                    tmp_path / "scenarios" / "sklearn-diabetes")
    shutil.copytree(ROOT / "cassettes" / "sklearn-diabetes",
                    tmp_path / "cassettes" / "sklearn-diabetes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cassettes, list(args), input=input)
    return result.exit_code, result.output


def test_recorded_cassettes_check_clean(project: Path) -> None:
    code, output = run("check")
    assert code == 0, output
    assert "2 cassettes expected, 0 problem(s)" in output


def test_a_changed_scenario_makes_its_cassettes_stale(project: Path) -> None:
    script = project / "scenarios" / "sklearn-diabetes" / "job.yml"
    script.write_text(script.read_text() + "\n# edited\n")
    code, output = run("check")
    assert code == 1
    assert output.count("stale:") == 2 and "--record-mode=all" in output


def test_a_missing_cassette_is_named_with_the_command_that_records_it(project: Path) -> None:
    (project / "cassettes" / "sklearn-diabetes" / "v2-run.yaml").unlink()
    code, output = run("check")
    assert code == 1
    assert "missing: cassettes/sklearn-diabetes/v2-run.yaml" in output
    assert "--record-mode=once" in output


def test_a_leaked_key_is_a_problem(project: Path) -> None:
    cassette = project / "cassettes" / "sklearn-diabetes" / "v1-run.yaml"
    cassette.write_text(cassette.read_text().replace(
        "sig=REDACTED", "sig=nv06UGWwBAFXZNGCtk%2Bruwfe1Q7yYKWLAfM7wttGoBw%3D", 1))
    code, output = run("check")
    assert code == 1 and "secret:" in output


def test_prune_asks_then_deletes_what_no_scenario_needs(project: Path) -> None:
    orphan = project / "cassettes" / "gone-scenario"
    shutil.copytree(project / "cassettes" / "sklearn-diabetes", orphan)
    extra = project / "cassettes" / "sklearn-diabetes" / "v1-run-2.yaml"
    shutil.copy(project / "cassettes" / "sklearn-diabetes" / "v1-run.yaml", extra)
    code, _output = run("prune", input="n\n")
    assert code == 1 and orphan.exists()
    code, output = run("prune", "--yes")
    assert code == 0, output
    assert not orphan.exists() and not extra.exists()
    assert (project / "cassettes" / "sklearn-diabetes" / "v1-run.yaml").exists()
    assert run("check")[0] == 0


@pytest.fixture
def endpoint_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("scenarios", "cassettes"):
        shutil.copytree(ROOT / folder / "endpoint-sklearn", tmp_path / folder / "endpoint-sklearn")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_endpoint_cassettes_are_expected_checked_and_kept_by_prune(
    endpoint_project: Path,
) -> None:
    code, output = run("check")
    assert code == 0, output
    assert "2 cassettes expected, 0 problem(s)" in output
    assert run("prune", "--yes") == (0, "Nothing to prune.\n")
    recorded = endpoint_project / "cassettes" / "endpoint-sklearn" / "v2-endpoint.yaml"
    recorded.unlink()
    code, output = run("check")
    assert code == 1
    assert ("missing: cassettes/endpoint-sklearn/v2-endpoint.yaml (endpoint-sklearn v2); "
            "record it: pytest scenarios/endpoint-sklearn -m endpoint --record-mode=once") in output
