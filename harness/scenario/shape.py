"""Refuse parsed YAML no scenario can have before the schema sees it: non-text keys and
absurd nesting.

The JSON Schema validator assumes JSON's shape (text keys) and recurses once per level,
so an integer key or a 10,000-deep list would surface as its `TypeError` or
`RecursionError`; here they become a `ScenarioError` with the line to fix.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ScenarioError
from .positions import line_of

#: Far deeper than any scenario (the deepest field, a column tolerance, is at level 7).
MAX_DEPTH = 32


def check_shape(path: Any, data: Any, root: yaml.Node | None) -> None:
    """Raise `ScenarioError` for the first non-text key or the first too-deep value."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:  # iterative: the point is not to recurse on hostile input
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise ScenarioError(
                path, f"values are nested more than {MAX_DEPTH} levels deep",
                "a scenario is a few levels of mappings and lists; see docs/scenario-format.md.",
                _field(where[:MAX_DEPTH]), line_of(root, where[:MAX_DEPTH]))
        if isinstance(value, dict):
            for key, child in value.items():
                if not isinstance(key, str):
                    raise ScenarioError(
                        path, f"key {key!r} is {_kind(key)}, not text",
                        f"quote it ('{key}':) or use a field name from docs/scenario-format.md.",
                        _field(where), line_of(root, where))
                stack.append((child, [*where, key]))
        elif isinstance(value, list):
            stack.extend((child, [*where, i]) for i, child in enumerate(value))


def _kind(value: Any) -> str:
    """What YAML made of an unquoted key, in YAML's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _field(where: list[str | int]) -> str:
    return ".".join(str(p) for p in where)
