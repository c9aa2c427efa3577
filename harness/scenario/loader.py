"""Read `scenario.yaml` files into `Scenario`s, or explain precisely why not."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError
from .model import Scenario, Side, SideName
from .positions import compose, line_of
from .schema import schema_errors

SCENARIO_FILE_NAMES = ("scenario.yaml", "scenario.yml")


def is_scenario_file(path: Path) -> bool:
    return path.name in SCENARIO_FILE_NAMES


def load_scenario(path: Path) -> Scenario:
    """Load and validate one scenario file; raise `ScenarioError` on the first problem."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(path, "scenario file not found", "create it or correct the path.")
    text = path.read_text(encoding="utf-8")
    data, root = _parse(path, text)
    for err_path, problem, fix in schema_errors(data):
        field = ".".join(str(p) for p in err_path)
        raise ScenarioError(path, problem, fix, field, line_of(root, err_path))
    scenario = _build(path, data)
    _check_files(scenario, root)
    return scenario


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node | None]:
    try:
        data = yaml.safe_load(text)
        root = compose(text)
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
        path=path.resolve(),
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


def _side(name: SideName, raw: str | dict[str, Any], folder: Path) -> Side:
    if isinstance(raw, str):
        raw = {"callable": raw} if ".py:" in raw else {"job": raw}
    yaml_files = {
        kind: (folder / value).resolve()
        for kind, value in raw.items()
        if kind not in ("callable", "python")
    }
    return Side(name, raw.get("callable"), yaml_files, raw.get("python"))


def _check_files(scenario: Scenario, root: yaml.Node | None) -> None:
    for side in (scenario.v1, scenario.v2):
        if side.callable:
            _check_callable(scenario, side, root)
        for kind, file in side.yaml_files.items():
            if not file.is_file():
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
    if not file.is_file():
        raise ScenarioError(
            scenario.path,
            f"callable file '{side.callable_file}' not found next to the scenario file",
            "create it, or correct the path (relative to the scenario folder).",
            field,
            line,
        )
    try:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
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


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)
