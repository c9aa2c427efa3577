"""`aml-parity cassettes check|prune`: keep the recorded traffic complete, current and clean."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..redact.scan import detect_secrets_findings
from ..scenario import ScenarioError, load_scenario
from ..scenario.loader import SCENARIO_FILE_NAMES
from .meta import cassette_path, certified_folders, read_meta, scenario_digest
from .persister import BODIES, load_document, referenced_bodies
from .scan import cassette_findings



@dataclass(frozen=True)
class Expected:
    """A cassette a scenario needs, and the scenario folder it certifies."""

    scenario: str
    label: str
    path: Path
    folder: Path
    certified: tuple[Path, ...]
    phase: str = "run"

    @property
    def marker(self) -> str:
        """The `-m` expression that runs (and so records) this cassette's item."""
        return self.phase


def expected_cassettes(scenarios: Path, cassettes: Path) -> tuple[list[Expected], list[str]]:
    """Every side cassette the scenarios' run and endpoint items need; and scenarios that
    failed to load (what they need is unknown)."""
    found, broken = [], []
    files = sorted(p for name in SCENARIO_FILE_NAMES for p in scenarios.rglob(name))
    for file in files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            broken.append(str(exc))
            continue
        certified = tuple(certified_folders(scenario))
        for phase in ("run", "endpoint"):
            if phase not in scenario.evidence:
                continue
            found += [Expected(scenario.name, label,
                               cassette_path(cassettes, scenario.name, label, phase),
                               scenario.folder, certified, phase)
                      for label in scenario.side_labels(phase)]
    return found, broken


def secret_findings(cassette: Path) -> list[str]:
    """What scrubbing would still change in a cassette: each change is a secret left in it."""
    return [f"{cassette.name} {f.kind}" for f in cassette_findings(cassette)]


@click.group()
def cassettes() -> None:
    """Recorded side traffic: check it is complete, current and free of secrets; prune it."""


@cassettes.command()
@click.option("--scenarios", "scenarios_dir", default="scenarios", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--cassettes", "cassettes_dir", default="cassettes", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
def check(scenarios_dir: Path, cassettes_dir: Path) -> None:
    """Every run and endpoint side has a cassette, recorded from the current scenario files,
    with no secret."""
    expected, broken = expected_cassettes(scenarios_dir, cassettes_dir)
    problems = [f"scenario does not load: {b}" for b in broken]
    digests: dict[tuple[Path, ...], str] = {}
    for item in expected:
        if not item.path.is_file():
            problems.append(f"missing: {item.path} ({item.scenario} {item.label}); record it: "
                            f"pytest {_shown(item.folder)} -m {item.marker} --record-mode=once")
            continue
        recorded = read_meta(item.path).get("scenario_digest")
        if item.certified not in digests:
            digests[item.certified] = scenario_digest(*item.certified)
        current = digests[item.certified]
        if recorded != current:
            problems.append(f"stale: {item.path} certifies other scenario files than "
                            f"{_shown(item.folder)} now holds; re-record: "
                            f"pytest {_shown(item.folder)} -m {item.marker} --record-mode=all")
    for cassette in sorted(cassettes_dir.rglob("*.yaml")):
        problems += [f"secret: {finding}" for finding in secret_findings(cassette)]
    if cassettes_dir.is_dir():
        for finding in detect_secrets_findings(cassettes_dir):
            problems.append(f"secret: detect-secrets: {finding.kind} in "
                            f"{finding.path.relative_to(cassettes_dir)} line {finding.line}")
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(expected)} cassettes expected, {len(problems)} problem(s).")
    sys.exit(1 if problems else 0)


def _shown(path: Path) -> Path:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@cassettes.command()
@click.option("--scenarios", "scenarios_dir", default="scenarios", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--cassettes", "cassettes_dir", default="cassettes", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Delete without asking.")
def prune(scenarios_dir: Path, cassettes_dir: Path, yes: bool) -> None:
    """Delete cassettes of scenarios or sides that no longer exist, and unreferenced bodies."""
    expected, broken = expected_cassettes(scenarios_dir, cassettes_dir)
    if broken:
        raise click.ClickException("some scenarios do not load, so what they need is unknown; "
                                   "fix them first:\n" + "\n".join(broken))
    wanted = {item.path.resolve() for item in expected}
    doomed = [p for p in sorted(cassettes_dir.rglob("*.yaml")) if p.resolve() not in wanted]
    kept_bodies: set[Path] = set()
    for path in cassettes_dir.rglob("*.yaml"):
        if path.resolve() in wanted:
            kept_bodies |= {(path.parent / ref).resolve() for ref in referenced_bodies(path)}
    doomed += [p for p in sorted(cassettes_dir.rglob(f"{BODIES}/*.gz"))
               if p.resolve() not in kept_bodies]
    if not doomed:
        click.echo("Nothing to prune.")
        return
    for path in doomed:
        click.echo(f"  {path}")
    if not yes and not click.confirm(f"Delete these {len(doomed)} file(s)?"):
        raise click.Abort()
    for path in doomed:
        path.unlink()
    for folder in sorted((p for p in cassettes_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    click.echo(f"Deleted {len(doomed)} file(s).")
