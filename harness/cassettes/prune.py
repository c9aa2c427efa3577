"""What `aml-parity cassettes prune` may delete: files the recorder wrote that no scenario needs.

Only the cassette folders of scenarios that exist are examined, and in them only files
named as the recorder names them: `<side>-<phase>[-N].yaml` that no side of the scenario
needs, and `bodies/<sha256>.gz` that no kept cassette points to. Everything else is left
where it is and named, so a mistyped `--scenarios`, a scenario moved elsewhere or a README
beside the cassettes never costs a file. A folder of a scenario that was not found is
named with the command that removes it, for the user to run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .corrupt import CorruptCassette
from .persister import BODIES, referenced_bodies

#: `cassette_path`'s names: `v1-run.yaml`, `v2-endpoint.yaml`, noise repeats `v1-run-2.yaml`.
CASSETTE_NAME = re.compile(r"^v[12]-(run|endpoint)(-[0-9]+)?\.yaml$")
#: `store_body`'s names: the sha256 of the body, gzip-compressed.
BODY_NAME = re.compile(r"^[0-9a-f]{64}\.gz$")
NOT_OURS = "not ours, left alone"

Shown = Callable[[Path], str]


@dataclass
class PrunePlan:
    """Files to delete (after asking), and one line per thing left alone and why."""

    doomed: list[Path] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def plan_prune(cassettes: Path, scenarios: dict[str, Path], wanted: set[Path],
               scenarios_dir: Path, shown: Shown) -> PrunePlan:
    """`scenarios` maps each scenario found to its folder; `wanted` holds the cassettes
    their sides need (resolved paths)."""
    plan = PrunePlan()
    if not cassettes.is_dir():
        return plan
    for path in sorted(cassettes.iterdir()):
        if path.is_dir() and path.name in scenarios:
            _plan_folder(path, scenarios[path.name], wanted, plan, shown)
        elif path.is_dir():
            plan.left.append(
                f"{shown(path)}/: no scenario named {path.name} under {shown(scenarios_dir)}, "
                f"left alone (if that scenario was removed, remove its cassettes: "
                f"git rm -r {shown(path)})")
        elif not path.name.startswith("."):  # .gitkeep and the like keep the folder in git
            plan.left.append(f"{shown(path)}: {NOT_OURS}")
    return plan


def _plan_folder(folder: Path, scenario_folder: Path, wanted: set[Path], plan: PrunePlan,
                 shown: Shown) -> None:
    kept: list[Path] = []
    bodies: list[Path] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts = path.relative_to(folder).parts
        if len(parts) == 1 and CASSETTE_NAME.match(parts[0]):
            (kept if path.resolve() in wanted else plan.doomed).append(path)
        elif len(parts) == 2 and parts[0] == BODIES and BODY_NAME.match(parts[1]):
            bodies.append(path)
        else:
            plan.left.append(f"{shown(path)}: {NOT_OURS}")
    referenced: set[Path] = set()
    for cassette in kept:
        try:
            referenced |= {(folder / ref).resolve() for ref in referenced_bodies(cassette)}
        except CorruptCassette as exc:
            why = exc.explain(shown(scenario_folder), shown)
            plan.left.append(f"{shown(folder / BODIES)}/: left alone, the bodies of a damaged "
                             f"cassette are unknown: {why}")
            return
    plan.doomed += [body for body in bodies if body.resolve() not in referenced]
