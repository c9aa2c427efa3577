"""Every kind of evidence, found by looking: each module of this package that defines `CHECK`.

Adding a kind is adding a module here (see `base.py` and docs/extending.md); nothing else
names the kinds. The package's `__path__` is searched, so a folder appended to it (the
standard `pkgutil` way of extending a package) adds its modules too.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from .base import Check

#: Modules of this package that hold the machinery rather than a kind.
MACHINERY = frozenset({"base", "sided", "registry"})


@cache
def checks() -> tuple[Check, ...]:
    """Every check, in the order items of one scenario run (spec first)."""
    found = []
    package = importlib.import_module(__package__ or "harness.checks")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name in MACHINERY or module.name.startswith("_"):
            continue
        candidate = getattr(importlib.import_module(f"{__package__}.{module.name}"), "CHECK",
                            None)
        if isinstance(candidate, Check):
            found.append(candidate)
    return tuple(sorted(found, key=lambda c: (c.order, c.name)))


def check(name: str) -> Check:
    """The check of a kind; a KeyError naming the known kinds for any other."""
    for candidate in checks():
        if candidate.name == name:
            return candidate
    raise KeyError(f"no kind of evidence named {name!r}; known: "
                   f"{', '.join(c.name for c in checks())}")


def sided() -> tuple[Check, ...]:
    """The checks whose items start side workers (and so have cassettes)."""
    return tuple(c for c in checks() if c.starts_sides)
