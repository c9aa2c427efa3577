"""`aml-parity cassettes check|prune`: keep the recorded traffic complete, current and clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from ..redact.scan import detect_secrets_findings
from ..scenario.loader import SCENARIO_FILE_NAMES
from .corrupt import CorruptCassette
from .expected import Expected, ScenarioSet, expected_cassettes
from .meta import read_meta, scenario_digest
from .prune import plan_prune
from .scan import cassette_findings


def scenarios_under(scenarios: Path, cassettes: Path) -> ScenarioSet:
    """The scenarios `check` and `prune` judge cassettes by; a folder without any is refused."""
    found = expected_cassettes(scenarios, cassettes)
    if found.folders or found.broken:
        return found
    missing = "" if scenarios.is_dir() else " (there is no such folder)"
    raise click.ClickException(
        f"no scenario under {_shown(scenarios)}: it holds no "
        f"{' or '.join(SCENARIO_FILE_NAMES)}{missing}. Cassettes are checked and pruned "
        "against the scenarios they record, so with none every cassette would look unneeded. "
        "Pass the folder that holds your scenarios: --scenarios DIR (default: scenarios, run "
        "from the project root).")


def secret_findings(cassette: Path) -> list[str]:
    """What scrubbing would still change in a cassette: each change is a secret left in it
    (raises CorruptCassette for a cassette or body that cannot be read)."""
    return [f"{cassette.name} {f.kind}" for f in cassette_findings(cassette)]


@click.group()
def cassettes() -> None:
    """Recorded side traffic: check it is complete, current and free of secrets; prune it."""


SCENARIOS = click.option("--scenarios", "scenarios_dir", default="scenarios", show_default=True,
                         type=click.Path(file_okay=False, path_type=Path),
                         help="the folder that holds the scenarios.")
CASSETTES = click.option("--cassettes", "cassettes_dir", default="cassettes", show_default=True,
                         type=click.Path(file_okay=False, path_type=Path))


@cassettes.command()
@SCENARIOS
@CASSETTES
def check(scenarios_dir: Path, cassettes_dir: Path) -> None:
    """Every run and endpoint side has a cassette, recorded from the current scenario files,
    with no secret; a cassette that cannot be read is named with how to restore it."""
    found = scenarios_under(scenarios_dir, cassettes_dir)
    unreadable: set[Path] = set()
    problems = [f"scenario does not load: {b}" for b in found.broken]
    problems += _freshness_problems(found.expected, unreadable)
    problems += _secret_problems(cassettes_dir, scenarios_dir, found, unreadable)
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(found.expected)} cassettes expected, {len(problems)} problem(s).")
    sys.exit(1 if problems else 0)


def _freshness_problems(expected: list[Expected], unreadable: set[Path]) -> list[str]:
    """Missing, unreadable (added to `unreadable`) and stale side cassettes."""
    problems = []
    digests: dict[tuple[Path, ...], str] = {}
    for item in expected:
        if not item.path.is_file():
            problems.append(f"missing: {item.path} ({item.scenario} {item.label}); record it: "
                            f"pytest {_shown(item.folder)} -m {item.marker} --record-mode=once")
            continue
        try:
            recorded = read_meta(item.path).get("scenario_digest")
        except CorruptCassette as exc:
            unreadable.add(item.path.resolve())
            problems.append(f"unreadable: {exc.explain(_text(item.folder), _text)}")
            continue
        if item.certified not in digests:
            digests[item.certified] = scenario_digest(*item.certified)
        if recorded != digests[item.certified]:
            problems.append(f"stale: {item.path} certifies other scenario files than "
                            f"{_shown(item.folder)} now holds; re-record: "
                            f"pytest {_shown(item.folder)} -m {item.marker} --record-mode=all")
    return problems


def _secret_problems(cassettes_dir: Path, scenarios_dir: Path, found: ScenarioSet,
                     unreadable: set[Path]) -> list[str]:
    """Secrets scrubbing would remove, and detect-secrets' findings, in every readable file."""
    problems = []
    for cassette in sorted(cassettes_dir.rglob("*.yaml")):
        if cassette.resolve() in unreadable:
            continue
        try:
            problems += [f"secret: {finding}" for finding in secret_findings(cassette)]
        except CorruptCassette as exc:
            if exc.cassette is None:  # the YAML itself, not a body it points to
                unreadable.add(cassette.resolve())
            folder = found.folders.get(cassette.parent.name, scenarios_dir / cassette.parent.name)
            problems.append(f"unreadable: {exc.explain(_text(folder), _text)}")
    if cassettes_dir.is_dir():
        for finding in detect_secrets_findings(cassettes_dir):
            if finding.path.resolve() in unreadable:
                continue  # read line by line, damaged YAML looks full of keys: noise
            problems.append(f"secret: detect-secrets: {finding.kind} in "
                            f"{finding.path.relative_to(cassettes_dir)} line {finding.line}")
    return problems


def _shown(path: Path) -> Path:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _text(path: Path) -> str:
    """`_shown` as text, for messages built elsewhere (`CorruptCassette.explain`, prune)."""
    return str(_shown(path))


@cassettes.command()
@SCENARIOS
@CASSETTES
@click.option("--yes", is_flag=True, help="Delete without asking.")
def prune(scenarios_dir: Path, cassettes_dir: Path, yes: bool) -> None:
    """Delete cassettes no side of an existing scenario needs, and bodies no kept cassette
    points to; only files named as the recorder names them, only in the folders of the
    scenarios found."""
    found = scenarios_under(scenarios_dir, cassettes_dir)
    if found.broken:
        raise click.ClickException("some scenarios do not load, so what they need is unknown; "
                                   "fix them first:\n" + "\n".join(found.broken))
    wanted = {item.path.resolve() for item in found.expected}
    plan = plan_prune(cassettes_dir, found.folders, wanted, scenarios_dir, _text)
    for line in plan.left:
        click.echo(line)
    if not plan.doomed:
        click.echo("Nothing to prune.")
        return
    for path in plan.doomed:
        click.echo(f"  {path}")
    if not yes and not click.confirm(f"Delete these {len(plan.doomed)} file(s)?"):
        raise click.Abort()
    for path in plan.doomed:
        path.unlink()
    for folder in sorted({p.parent for p in plan.doomed}, reverse=True):
        while folder != cassettes_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    click.echo(f"Deleted {len(plan.doomed)} file(s).")
