"""docs/extending.md is true: the `::readme` kind it shows, added as one module and its schema
and nothing else, gets items, a marker, a schema, saved evidence and verdicts; and the
published schema is the composed one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from harness.scenario.schema import published_schema

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "extending.md"
SCENARIO = """\
v1: v1_job.py:build
v2: job.yml
compare:
  spec: {enabled: false}
  readme: {v1: v1/README.md, v2: v2/README.md}
"""
CONFTEST = """\
from pathlib import Path

import harness.checks

harness.checks.__path__.append(str(Path(__file__).parent / "kinds"))
"""


def _blocks(language: str) -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## Adding a kind of evidence", 1)[1]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


@pytest.fixture
def project(pytester: pytest.Pytester) -> Path:
    """A project with the doc's kind installed beside the bundled ones, and one scenario."""
    kinds = pytester.path / "kinds"
    kinds.mkdir()
    (kinds / "readme.py").write_text(_blocks("python")[0], encoding="utf-8")
    (kinds / "readme.schema.json").write_text(_blocks("json")[0], encoding="utf-8")
    (pytester.path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    folder = pytester.path / "scenarios" / "documented"
    shutil.copytree(ROOT / "scenarios" / "sklearn-diabetes", folder)
    (folder / "scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    for side in ("v1", "v2"):
        (folder / side).mkdir(exist_ok=True)
        (folder / side / "README.md").write_text("Trains a ridge model on diabetes.\n")
    return pytester.path


def verdicts(project: Path) -> dict[tuple[str, str], str]:
    data = json.loads((project / "reports" / "verdicts.json").read_text(encoding="utf-8"))
    return {(v["scenario"], v["evidence"]): v["outcome"] for v in data}


def test_the_documented_kind_runs_as_an_item_with_its_marker(
    pytester: pytest.Pytester, project: Path,
) -> None:
    result = pytester.runpytest("scenarios", "-m", "readme", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*documented*readme*PASS*"])
    assert verdicts(project) == {("documented", "readme"): "PASS"}
    saved = project / "reports" / "evidence" / "documented" / "readme" / "readme.json"
    assert json.loads(saved.read_text())["v2"].startswith("Trains a ridge")
    markers = pytester.runpytest("--markers")
    markers.stdout.fnmatch_lines(["*@pytest.mark.readme: both sides ship the same README*"])


def test_the_documented_kind_finds_drift_and_is_validated_by_its_schema(
    pytester: pytest.Pytester, project: Path,
) -> None:
    (project / "scenarios" / "documented" / "v2" / "README.md").write_text("Trains a lasso.\n")
    result = pytester.runpytest("scenarios", "-m", "readme", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    assert verdicts(project) == {("documented", "readme"): "DRIFT"}
    scenario = project / "scenarios" / "documented" / "scenario.yaml"
    scenario.write_text(SCENARIO.replace("v2: v2/README.md", "v3: v2/README.md"))
    broken = pytester.runpytest("scenarios", "-p", "no:cacheprovider")
    broken.stdout.fnmatch_lines(["*compare.readme*"])


def test_the_published_schema_is_the_composed_one() -> None:
    shipped = (ROOT / "harness" / "scenario" / "scenario.schema.json").read_text(encoding="utf-8")
    assert shipped == published_schema(), (
        "refresh it: aml-parity schema --write harness/scenario/scenario.schema.json")
