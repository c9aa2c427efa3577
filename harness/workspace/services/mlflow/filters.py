"""MLflow search filters and orderings, shared by run search and logged-model search.

``tags.x = 'y' and metrics.m > 0.5``: the conjunctions MLflow's search accepts, applied
to any document through a field resolver (run views, logged-model documents).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from . import exceptions

#: Reads an identifier (``metrics.m``, ``params.p``, ``tags.t``, an attribute) of a document.
FieldOf = Callable[[dict[str, Any], str], Any]

_CLAUSE = re.compile(
    r"\s*(?P<ident>(?:[a-z_]+\.)?(?:`[^`]+`|\"[^\"]+\"|[\w.\-/]+))\s*"
    r"(?P<op>=|!=|<=|>=|<|>|LIKE|ILIKE)\s*(?P<value>'[^']*'|\"[^\"]*\"|[-\d.eE+]+)\s*",
    re.IGNORECASE)
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
    "<=": operator.le, ">=": operator.ge,
    "like": lambda a, b: _like(a, b, False), "ilike": lambda a, b: _like(a, b, True)}


def _like(value: Any, pattern: Any, ignore_case: bool) -> bool:
    regex = "^" + re.escape(str(pattern)).replace("%", ".*").replace("_", ".") + "$"
    return re.match(regex, str(value), re.IGNORECASE if ignore_case else 0) is not None


def run_field(view: dict[str, Any], ident: str) -> Any:
    """An identifier of a run view (``{"info": ..., "data": ...}``)."""
    kind, _, name = ident.partition(".") if "." in ident else ("attributes", "", ident)
    name = name.strip("`\"")
    if kind in ("tags", "tag"):
        return next((t["value"] for t in view["data"]["tags"] if t["key"] == name), None)
    if kind in ("params", "param", "parameters"):
        return next((p["value"] for p in view["data"]["params"] if p["key"] == name), None)
    if kind in ("metrics", "metric"):
        return next((m["value"] for m in view["data"]["metrics"] if m["key"] == name), None)
    return view["info"].get(name)


def parse_filter(text: str, field: FieldOf = run_field) -> list[Callable[[dict[str, Any]], bool]]:
    """One predicate per ``and``-joined clause of ``text``; none for an empty filter."""
    if not text or not text.strip():
        return []
    predicates: list[Callable[[dict[str, Any]], bool]] = []
    for clause in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.fullmatch(clause)
        if match is None:
            raise exceptions.invalid(f"Invalid clause(s) in filter string: '{clause}'.")
        ident, op, raw = match["ident"], match["op"].lower(), match["value"]
        value: Any = raw[1:-1] if raw[:1] in "'\"" else float(raw)

        def predicate(document: dict[str, Any], ident: str = ident, op: str = op,
                      value: Any = value) -> bool:
            found = field(document, ident)
            if found is None:
                return False
            if isinstance(value, float):
                try:
                    found = float(found)
                except (TypeError, ValueError):
                    return False
            return bool(_OPS[op](found, value))

        predicates.append(predicate)
    return predicates


def sort_key(ident: str, field: FieldOf = run_field) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    return lambda document: sortable(field(document, ident))


def order_key(clause: str) -> tuple[str, bool]:
    """``"metrics.m DESC"`` -> ``("metrics.m", True)``."""
    parts = clause.strip().split()
    descending = len(parts) > 1 and parts[-1].upper() == "DESC"
    return parts[0], descending


def sortable(value: Any) -> tuple[int, Any]:
    """Missing values last; numbers by value, anything else as text."""
    if value is None:
        return (1, 0)
    return (0, value) if is_number(value) else (0, str(value))


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
