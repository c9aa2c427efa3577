"""A typo'd `compare.spec.ignore` pattern on a passing item is seen where users look:
`aml-parity validate`, the end of the pytest output and summary.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main

BIN = Path(sys.executable).parent
TYPO = "job.enviroment.image"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A fresh repository whose only scenario passes but ignores a path that does not exist."""
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    scenario = tmp_path / "scenarios" / "my-migration" / "scenario.yaml"
    scenario.write_text(scenario.read_text() + f"compare:\n  spec:\n    ignore: [{TYPO}]\n")
    return tmp_path


def test_validate_names_the_file_the_field_and_the_pattern(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    result = CliRunner().invoke(main, ["validate", "scenarios"])
    assert result.exit_code == 0, result.output  # a warning, not a failure
    assert ("warn scenarios/my-migration/scenario.yaml: compare.spec.ignore pattern "
            f"'{TYPO}': this pattern matches no field of either spec") in result.stderr


def test_validate_is_quiet_about_patterns_that_match(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = repository / "scenarios" / "my-migration" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace(TYPO, "job.environment.image"))
    monkeypatch.chdir(repository)
    result = CliRunner().invoke(main, ["validate", "scenarios"])
    assert result.exit_code == 0 and "warn" not in result.stderr, result.output


def test_the_pytest_summary_and_summary_md_show_a_passing_items_warning(
    repository: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run([str(BIN / "pytest"), "-p", "no:cacheprovider"], cwd=repository,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    tail = result.stdout.split("aml-parity warnings", 1)[-1]
    assert "my-migration::spec: 1 warning" in tail and TYPO in tail
    summary = (repository / "reports" / "summary.md").read_text()
    assert "1 of 1 items as expected." in summary
    assert (f"- **my-migration::spec** `compare.spec.ignore` {TYPO} → (absent): this pattern "
            "matches no field of either spec") in summary
