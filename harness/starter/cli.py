"""`aml-parity init [FOLDER]`: start certifying a migration in your own repository."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .project import init_project

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@click.command(name="init")
@click.argument("folder", default=".", required=False,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="my-migration", show_default=True,
              help="The scenario's name: its folder under scenarios/.")
def init(folder: Path, name: str) -> None:
    """Write a scenario skeleton, pytest settings, a .gitignore and a CI gate into FOLDER.

    Nothing that exists is replaced: a file already there is skipped and named, with what
    to add by hand when aml-parity needs something in it. The skeleton's spec item passes
    as written: `pytest` in FOLDER runs it with no workspace and no network.
    """
    if not NAME.match(name):
        raise click.BadParameter(
            f"{name!r} cannot name a scenario folder; use letters, digits, '-', '_' and '.' "
            "only, e.g. --name churn-model.", param_hint="--name")
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} is a file; pass the repository's folder.",
                                 param_hint="FOLDER")
    folder.mkdir(parents=True, exist_ok=True)
    for step in init_project(folder, name):
        detail = f": {step.detail}" if step.detail else ""
        click.echo(f"{step.action:<12}{step.path.as_posix()}{detail}")
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    click.echo(f"\nNext: {where}pytest   (runs scenarios/{name}: its ::spec item needs no "
               "workspace)\nThen edit scenarios/" + name + "/v1_job.py and job.yml into your "
               "own migration; `aml-parity validate scenarios` checks them.")
