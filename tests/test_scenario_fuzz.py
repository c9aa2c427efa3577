"""Whatever a scenario file holds, loading it gives a `Scenario` or a `ScenarioError`: random
YAML-ish trees, random text, and mutations of the bundled scenarios, never another
exception."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.scenario import Scenario, ScenarioError, load_scenario

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios"
SEEDS = sorted(p.parent.name for p in BUNDLED.glob("*/scenario.yaml"))
FIELDS = ["name", "description", "owner", "severity", "tags", "expect", "timeouts", "v1",
          "v2", "noise", "compare", "spec", "run", "endpoint", "metrics", "outputs", "logs",
          "callable", "job", "python", "tolerance", "abs", "rel", "repeat", "files", "ignore"]
#: Bounded: the whole module runs in well under 30 s on a busy machine.
FUZZ = settings(max_examples=100, deadline=3000, database=None,
                suppress_health_check=[HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(max_size=20) | st.sampled_from([*FIELDS, "v1_job.py:build", "job.yml"]))
keys = st.sampled_from(FIELDS) | st.text(max_size=10) | st.integers() | st.booleans()
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A copy of each bundled scenario folder, whose `scenario.yaml` the examples rewrite."""
    root = tmp_path_factory.mktemp("fuzz") / "scenarios"
    shutil.copytree(BUNDLED, root)  # whole: some scenarios borrow their neighbours' files
    copies = {name: root / name for name in SEEDS}
    for folder in copies.values():
        load_scenario(folder / "scenario.yaml")  # warm: imports, schema, checks
    return copies


def loads_or_explains(path: Path) -> Scenario | ScenarioError:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        assert str(exc).startswith(str(path.name)) or "scenario.yaml" in str(exc)
        assert "Traceback" not in str(exc)
        return exc


def write(path: Path, data: Any) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        text = repr(data)
    path.write_text(text, encoding="utf-8")


@FUZZ
@given(tree=trees)
def test_any_tree(folders: dict[str, Path], tree: Any) -> None:
    path = folders[SEEDS[0]] / "scenario.yaml"
    write(path, tree)
    loads_or_explains(path)


@FUZZ
@given(text=st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_or_bytes(folders: dict[str, Path], text: str | bytes) -> None:
    path = folders[SEEDS[0]] / "scenario.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    loads_or_explains(path)


def _paths(data: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed scenario, the root included."""
    found = [where]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*where, index))
    return found


def _mutated(data: Any, where: tuple[Any, ...], how: str, value: Any) -> Any:
    if not where:
        return value if how == "replace" else data
    parent = data
    for part in where[:-1]:
        parent = parent[part]
    last = where[-1]
    if how == "delete":
        del parent[last]
    elif how == "replace":
        parent[last] = value
    elif isinstance(parent, dict):
        parent[value if isinstance(value, str | int | bool) or value is None else "extra"] = value
    return data


@FUZZ
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_mutations_of_the_bundled_scenarios(folders: dict[str, Path], seed: str,
                                            data: st.DataObject) -> None:
    path = folders[seed] / "scenario.yaml"
    original = (BUNDLED / seed / "scenario.yaml").read_text(encoding="utf-8")
    parsed = yaml.safe_load(original)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        where = data.draw(st.sampled_from(_paths(parsed)), label="where")
        how = data.draw(st.sampled_from(["delete", "replace", "insert"]), label="how")
        parsed = _mutated(parsed, where, how, data.draw(trees, label="value"))
    write(path, parsed)
    loads_or_explains(path)


@FUZZ
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_text_edits_of_the_bundled_scenarios(folders: dict[str, Path], seed: str,
                                             data: st.DataObject) -> None:
    path = folders[seed] / "scenario.yaml"
    text = (BUNDLED / seed / "scenario.yaml").read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        cut = data.draw(st.integers(0, 10), label="cut")
        text = text[:at] + data.draw(st.text(max_size=8), label="insert") + text[at + cut:]
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    loads_or_explains(path)
