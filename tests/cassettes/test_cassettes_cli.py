"""`aml-parity cassettes check|prune` on a copy of one bundled scenario and its cassettes."""

from __future__ import annotations

import gzip
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
    folder = project / "cassettes" / "sklearn-diabetes"
    extra = folder / "v1-run-2.yaml"  # a noise repeat the scenario no longer asks for
    shutil.copy(folder / "v1-run.yaml", extra)
    unused_body = folder / "bodies" / f"{'ab' * 32}.gz"  # superseded by a re-recording
    unused_body.write_bytes(gzip.compress(b"old model"))
    code, _output = run("prune", input="n\n")
    assert code == 1 and extra.exists()
    code, output = run("prune", "--yes")
    assert code == 0, output
    assert "Deleted 2 file(s)." in output
    assert not extra.exists() and not unused_body.exists()
    assert (folder / "v1-run.yaml").exists()
    assert run("check")[0] == 0


def test_prune_refuses_a_scenarios_folder_that_holds_no_scenario(project: Path) -> None:
    before = sorted(p for p in (project / "cassettes").rglob("*") if p.is_file())
    code, output = run("prune", "--scenarios", "scenarois", "--yes")
    assert code == 1
    assert "no scenario under scenarois: it holds no scenario.yaml or scenario.yml " in output
    assert "Pass the folder that holds your scenarios: --scenarios DIR" in output
    assert sorted(p for p in (project / "cassettes").rglob("*") if p.is_file()) == before


def test_prune_leaves_files_it_did_not_write_and_names_them(project: Path) -> None:
    folder = project / "cassettes" / "sklearn-diabetes"
    notes = folder / "review-notes.yaml"
    notes.write_text("reviewed: true\n")
    backup = folder / "bodies" / "model-backup.gz"
    backup.write_bytes(gzip.compress(b"a model kept by hand"))
    moved = project / "cassettes" / "moved-scenario"  # its scenario lives elsewhere now
    shutil.copytree(folder, moved)
    code, output = run("prune", "--yes")
    assert code == 0, output
    assert notes.exists() and backup.exists() and (moved / "v1-run.yaml").exists()
    assert "cassettes/sklearn-diabetes/review-notes.yaml: not ours, left alone" in output
    assert "cassettes/sklearn-diabetes/bodies/model-backup.gz: not ours, left alone" in output
    assert ("cassettes/moved-scenario/: no scenario named moved-scenario under scenarios, "
            "left alone (if that scenario was removed, remove its cassettes: "
            "git rm -r cassettes/moved-scenario)") in output
    assert "Nothing to prune." in output


def corrupt(path: Path, line: int) -> None:
    """A tab at the start of `line`, where YAML allows none (as a bad merge leaves)."""
    lines = path.read_text().splitlines(keepends=True)
    lines[line - 1] = "\t" + lines[line - 1]
    path.write_text("".join(lines))


def test_check_names_each_unreadable_cassette_and_goes_on(project: Path) -> None:
    folder = project / "cassettes" / "sklearn-diabetes"
    corrupt(folder / "v1-run.yaml", 349)
    corrupt(folder / "v2-run.yaml", 3)  # in the metadata block
    code, output = run("check")
    assert code == 1
    text = " ".join(output.split())
    assert ("unreadable: cassettes/sklearn-diabetes/v1-run.yaml line 349 is not valid YAML "
            "(while scanning for the next token: found character that cannot start any token): "
            "restore it from git (`git checkout -- cassettes/sklearn-diabetes/v1-run.yaml`) or "
            "re-record with `pytest scenarios/sklearn-diabetes --record-mode=all`.") in text
    assert "unreadable: cassettes/sklearn-diabetes/v2-run.yaml line 3 is not valid YAML" in text
    assert "2 cassettes expected, 2 problem(s)." in text


def test_check_names_a_missing_body_with_its_cassette(project: Path) -> None:
    bodies = sorted((project / "cassettes" / "sklearn-diabetes" / "bodies").glob("*.gz"))
    bodies[0].unlink()
    code, output = run("check")
    assert code == 1
    assert (f"unreadable: cassettes/sklearn-diabetes/bodies/{bodies[0].name} (a body stored for "
            "cassettes/sklearn-diabetes/v") in output
    assert "is missing: restore it from git" in output


def test_prune_keeps_every_body_of_a_folder_with_an_unreadable_cassette(project: Path) -> None:
    folder = project / "cassettes" / "sklearn-diabetes"
    corrupt(folder / "v1-run.yaml", 349)
    code, output = run("prune", "--yes")
    assert code == 0 and "Nothing to prune." in output
    assert ("cassettes/sklearn-diabetes/bodies/: left alone, the bodies of a damaged cassette "
            "are unknown: cassettes/sklearn-diabetes/v1-run.yaml line 349") in output
