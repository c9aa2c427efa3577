"""Sweep search spaces and the values a sweep's trials get (grid and random sampling).

The REST form is azure-ai-ml's ``[type, [args]]`` per hyperparameter, e.g.
``{"lr": ["choice", [[0.01, 0.1]]], "m": ["uniform", [0.0, 1.0]]}``. Pure functions, no
HTTP: the sweep driver asks for the whole list of trials up front.

Bayesian sampling is emulated as random sampling (documented limitation): trials still
run, but do not learn from earlier ones. Choice values that are nested search spaces
(dicts) are sampled as given, without recursing.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Sample = dict[str, Any]

_ARITY = {"choice": 1, "uniform": 2, "loguniform": 2, "quniform": 3, "qloguniform": 3,
          "normal": 2, "lognormal": 2, "qnormal": 3, "qlognormal": 3, "randint": 1}


class SearchSpaceError(ValueError):
    """The search space or sampling algorithm cannot be used; the message says why."""


@dataclass(frozen=True)
class Distribution:
    """One hyperparameter's distribution: its REST type name and arguments."""

    kind: str
    args: tuple[Any, ...]

    @property
    def choices(self) -> list[Any]:
        return list(self.args[0]) if self.kind == "choice" else []

    def draw(self, rng: random.Random) -> Any:
        """One value, drawn the way the distribution's name says."""
        a = self.args
        if self.kind == "choice":
            return rng.choice(self.choices)
        if self.kind == "randint":
            return rng.randrange(int(a[0]))
        if self.kind in ("uniform", "quniform"):
            value = rng.uniform(a[0], a[1])
        elif self.kind in ("loguniform", "qloguniform"):
            value = math.exp(rng.uniform(a[0], a[1]))
        elif self.kind in ("normal", "qnormal"):
            value = rng.gauss(a[0], a[1])
        else:  # lognormal, qlognormal
            value = math.exp(rng.gauss(a[0], a[1]))
        if self.kind.startswith("q"):
            value = round(value / a[2]) * a[2]
        return value


def parse(space: Mapping[str, Any]) -> dict[str, Distribution]:
    """The search space of a sweep body; SearchSpaceError if it is not one."""
    parsed: dict[str, Distribution] = {}
    for name, value in space.items():
        if (not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], list)
                or str(value[0]).lower() not in _ARITY):
            raise SearchSpaceError(
                f"Search space entry {name!r} is {value!r}; expected [type, [arguments]] with "
                f"type one of {', '.join(sorted(_ARITY))}.")
        kind = str(value[0]).lower()
        args = tuple(value[1])
        if len(args) != _ARITY[kind] or (kind == "choice" and not isinstance(args[0], list)):
            raise SearchSpaceError(f"Search space entry {name!r} ({kind}) has arguments "
                                   f"{list(args)!r}; it takes {_ARITY[kind]}.")
        parsed[name] = Distribution(kind, args)
    if not parsed:
        raise SearchSpaceError("The sweep job has an empty search space.")
    return parsed


def grid(space: Mapping[str, Distribution]) -> list[Sample]:
    """Every combination of the choices, first hyperparameter varying slowest."""
    others = [name for name, d in space.items() if d.kind != "choice"]
    if others:
        raise SearchSpaceError(
            "Grid sampling supports only choice distributions; "
            f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} not a choice.")
    names = list(space)
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(space[n].choices for n in names))]


def samples(space: Mapping[str, Distribution], algorithm: Mapping[str, Any],
            limit: int | None) -> list[Sample]:
    """The trials' hyperparameters, in submission order; random draws honour ``seed``."""
    kind = str(algorithm.get("samplingAlgorithmType") or "Random").lower()
    if kind == "grid":
        combos = grid(space)
        return combos if limit is None else combos[:limit]
    if kind not in ("random", "bayesian"):
        raise SearchSpaceError(f"Sampling algorithm {kind!r} is not supported; use "
                               "grid, random or bayesian.")
    seed = algorithm.get("seed")
    rng = random.Random(seed)
    return [{name: d.draw(rng) for name, d in space.items()}
            for _ in range(limit if limit is not None else DEFAULT_MAX_TRIALS)]


DEFAULT_MAX_TRIALS = 1000
"""Azure's ``maxTotalTrials`` when a random or Bayesian sweep sets none."""


def format_value(value: Any) -> str:
    """A sampled value as it is put into a trial's command (``str`` of the value)."""
    return str(value)
