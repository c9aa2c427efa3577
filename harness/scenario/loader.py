"""Read `scenario.yaml` files into `Scenario`s, or explain precisely why not."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import yaml

from ..paths import real_path
from .errors import ScenarioError
from .model import Scenario, Side, SideName
from .positions import compose, line_of
from .reading import read_text
from .schema import schema_errors
from .shape import check_shape

SCENARIO_FILE_NAMES = ("scenario.yaml", "scenario.yml")
#: Longest scenario name: it names evidence folders, cassettes, experiments and runs.
MAX_NAME = 64
#: pytest's own markers and the plugin's: a tag named so would skip, parametrize or
#: mislabel the scenario's items.
RESERVED_MARKERS = frozenset({
    "skip", "skipif", "xfail", "parametrize", "usefixtures", "filterwarnings",
    "expect_drift",
})


def is_scenario_file(path: Path) -> bool:
    return path.name in SCENARIO_FILE_NAMES


def unreadable_scenario_files(folder: Path) -> list[Path]:
    """Scenario files directly in `folder` that are links to no file (a loop, a dangling
    link): pytest's directory walk skips them, so the plugin adds them to be reported."""
    found = []
    for name in SCENARIO_FILE_NAMES:
        path = folder / name
        try:
            if path.is_symlink() and not path.is_file():
                found.append(path)
        except OSError:
            found.append(path)
    return found


def scenario_files_under(folder: Path) -> list[Path]:
    """Every scenario file below `folder`, sorted, including the ones that cannot be read
    (a symlink loop, a dangling link), so that they are reported rather than skipped
    (`Path.rglob` skips them)."""
    return sorted(Path(top) / name for top, _, names in os.walk(folder) for name in names
                  if name in SCENARIO_FILE_NAMES)


def load_scenario(path: Path) -> Scenario:
    """Load and validate one scenario file; raise `ScenarioError` on the first problem."""
    path = Path(path)
    text = read_text(path, path, "scenario file")
    data, root = _parse(path, text)
    check_shape(path, data, root)
    for err_path, problem, fix in schema_errors(data):
        field = ".".join(str(p) for p in err_path)
        raise ScenarioError(path, problem, fix, field, line_of(root, err_path))
    scenario = _build(path, data)
    _check_name(scenario, data)
    _check_tags(scenario, root)
    _check_files(scenario, root)
    return scenario


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    try:
        data = yaml.safe_load(text)
        root = compose(text)
    except RecursionError:  # the YAML parser recurses once per level of nesting
        raise ScenarioError(
            path, "values are nested too deeply to read",
            "a scenario is a few levels of mappings and lists; see docs/scenario-format.md.",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(
            path, f"not valid YAML ({problem})", "fix the YAML syntax at that line.", line=line
        ) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            path,
            "a scenario must be a YAML mapping",
            "start with 'v1:' and 'v2:' keys; see docs/scenario-format.md.",
            line=1,
        )
    return data, root


def _build(path: Path, data: dict[str, Any]) -> Scenario:
    return Scenario(
        name=data.get("name") or path.parent.name,
        path=real_path(path),
        v1=_side("v1", data["v1"], path.parent),
        v2=_side("v2", data["v2"], path.parent),
        description=str(data.get("description", "")).strip(),
        owner=data.get("owner", ""),
        severity=data.get("severity", "normal"),
        tags=tuple(data.get("tags", ())),
        expect=data.get("expect", "parity"),
        timeouts=dict(data.get("timeouts", {})),
        compare=dict(data.get("compare") or {}),
        noise=dict(data.get("noise") or {}),
    )


def _check_name(scenario: Scenario, data: dict[str, Any]) -> None:
    """A name from the folder obeys the limit `name:` has (it names folders and runs)."""
    if "name" not in data and len(scenario.name) > MAX_NAME:
        raise ScenarioError(
            scenario.path,
            f"the scenario is named after its folder, whose {len(scenario.name)}-character "
            f"name is longer than the {MAX_NAME} allowed",
            "add a shorter 'name:' to the scenario, or rename the folder.",
            "name",
            1,
        )


def _check_tags(scenario: Scenario, root: yaml.Node | None) -> None:
    """A tag that is already a marker would change what selects or skips the items."""
    from ..checks.registry import checks  # the checks read scenarios: import late

    taken = RESERVED_MARKERS | {check.name for check in checks()}
    for index, tag in enumerate(scenario.tags):
        if tag.replace("-", "_") in taken or tag.startswith("severity_"):
            raise ScenarioError(
                scenario.path,
                f"tag '{tag}' is already a marker of pytest or aml-parity",
                "rename the tag (e.g. 'team-" + tag + "'); the built-in markers are set "
                "from other fields (expect, severity) or by pytest itself.",
                f"tags.{index}",
                line_of(root, ["tags", index]),
            )


def _side(name: SideName, raw: str | dict[str, Any], folder: Path) -> Side:
    if isinstance(raw, str):
        raw = {"callable": raw} if ".py:" in raw else {"job": raw}
    yaml_files = {
        kind: real_path(folder / value)
        for kind, value in raw.items()
        if kind not in ("callable", "python")
    }
    return Side(name, raw.get("callable"), yaml_files, raw.get("python"))


def _check_files(scenario: Scenario, root: yaml.Node | None) -> None:
    for side in (scenario.v1, scenario.v2):
        if side.callable:
            _check_callable(scenario, side, root)
        for kind, file in side.yaml_files.items():
            if not _is_file(file):
                raise ScenarioError(
                    scenario.path,
                    f"{side.name} {kind} file '{_rel(file, scenario.folder)}' not found",
                    "create it, or correct the path (relative to the scenario folder).",
                    f"{side.name}.{kind}" if _is_mapping(root, side.name) else side.name,
                    line_of(root, [side.name, kind]),
                )


def _check_callable(scenario: Scenario, side: Side, root: yaml.Node | None) -> None:
    """Check the callable exists without importing it (imports run user code)."""
    field = f"{side.name}.callable" if _is_mapping(root, side.name) else side.name
    line = line_of(root, [side.name, "callable"])
    file = scenario.folder / (side.callable_file or "")
    source = read_text(file, scenario.path, f"callable file '{side.callable_file}'", field, line)
    try:
        tree = ast.parse(source, filename=str(file))
    except (ValueError, RecursionError, MemoryError):  # NUL bytes; absurd nesting
        raise ScenarioError(
            scenario.path,
            f"'{side.callable_file}' is not Python source the parser can read",
            f"fix {side.callable_file}: it must be a plain Python file.",
            field,
            line,
        ) from None
    except SyntaxError as exc:
        raise ScenarioError(
            scenario.path,
            f"'{side.callable_file}' has a syntax error at line {exc.lineno}: {exc.msg}",
            f"fix {side.callable_file}.",
            field,
            line,
        ) from None
    defined = _top_level_names(tree)
    if side.callable_function not in defined:
        functions = sorted(
            node.name for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and not node.name.startswith("_")
        )
        raise ScenarioError(
            scenario.path,
            f"'{side.callable_file}' defines no function '{side.callable_function}'",
            f"name one of its functions: {', '.join(functions) or '(none defined)'}.",
            field,
            line,
        )


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _is_mapping(root: yaml.Node | None, key: str) -> bool:
    if not isinstance(root, yaml.MappingNode):
        return False
    return any(k.value == key and isinstance(v, yaml.MappingNode) for k, v in root.value)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: not a file we can use
        return False


def _rel(path: Path, base: Path) -> str:
    try:
        return str(real_path(path).relative_to(real_path(base)))
    except ValueError:
        return str(path)
