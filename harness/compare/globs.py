"""Glob matching for metric names and file paths, with one rule for which pattern wins.

Scenario authors write overlapping patterns (`"*"`, `"train_*"`, `"train_loss"`);
the most specific one must win whatever order they were written in, or a
broad default would silently override a careful per-metric tolerance.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")
_WILDCARDS = "*?["


def matches(name: str, patterns: Iterable[str]) -> bool:
    """True when `name` matches any pattern (case-sensitive, `*` crosses `/` and `.`)."""
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def specificity(pattern: str) -> tuple[int, int]:
    """Exact names first, then patterns with more literal characters."""
    literal = sum(1 for c in pattern if c not in _WILDCARDS)
    return (0 if any(c in pattern for c in _WILDCARDS) else 1, literal)


def most_specific(names: Iterable[str], table: Mapping[str, T]) -> T | None:
    """The value of the most specific pattern matching any of `names`; ties keep file order."""
    best: tuple[tuple[int, int], int] | None = None
    found: T | None = None
    for order, (pattern, value) in enumerate(table.items()):
        if any(fnmatch.fnmatchcase(n, pattern) for n in names):
            rank = (specificity(pattern), -order)
            if best is None or rank > best:
                best, found = rank, value
    return found


def renamed(name: str, rename: Mapping[str, str]) -> str:
    """`name` after `rename`: an exact entry, or the longest entry that is a `.`/`/` prefix."""
    if name in rename:
        return rename[name]
    for old in sorted(rename, key=len, reverse=True):
        for sep in (".", "/"):
            prefix = old.rstrip(sep) + sep
            if name.startswith(prefix):
                return rename[old].rstrip(sep) + sep + name[len(prefix):]
    return name


def matches_any(names: Iterable[str], patterns: Iterable[str]) -> bool:
    """True when any of `names` (a name and its aliases) matches any pattern."""
    pats = list(patterns)
    return any(matches(n, pats) for n in names)
