"""Command-line and ini options, named after pytest, vcrpy and Azure ML conventions."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pytest

TARGETS = ("local", "azure")
RECORD_MODES = ("none", "once", "new_episodes", "all")
#: `once`: replay every cassette that exists (offline), record the missing ones on the
#: local workspace. PR gates pass `--record-mode=none`; nightly re-certification `all`.
DEFAULT_RECORD_MODE = "once"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("aml-parity", "Azure ML v1 -> v2 migration parity")
    group.addoption(
        "--parity-target",
        choices=TARGETS,
        default=None,
        help="where sides run: the local workspace (default) or a real Azure workspace.",
    )
    group.addoption(
        "--parity-workspace",
        default=None,
        metavar="CONFIG_JSON",
        help="config.json of the real workspace for --parity-target=azure.",
    )
    group.addoption(
        "--parity-reports",
        default=None,
        metavar="DIR",
        help="folder for evidence, verdicts and summaries (default: reports).",
    )
    group.addoption(
        "--parity-cassettes",
        default=None,
        metavar="DIR",
        help="folder of recorded side traffic, one subfolder per scenario (default: cassettes).",
    )
    group.addoption(
        "--parity-build-environments",
        action="store_true",
        default=None,
        help="local workspace: run each side's jobs and scoring servers in a virtual "
        "environment built (uv, cached) from the environment it declares.",
    )
    _add_record_mode(group)
    parser.addini("parity_build_environments", "default for --parity-build-environments "
                  "(true/false)", default="false")
    parser.addini("parity_target", "default for --parity-target", default="local")
    parser.addini("parity_workspace", "default for --parity-workspace", default="")
    parser.addini("parity_reports", "default for --parity-reports", default="reports")
    parser.addini("parity_cassettes", "default for --parity-cassettes", default="cassettes")
    parser.addini("record_mode", "default for --record-mode", default=DEFAULT_RECORD_MODE)


def _add_record_mode(group: pytest.OptionGroup) -> None:
    """vcrpy's record modes under pytest-recording's option name, shared if it is installed."""
    with contextlib.suppress(ValueError):  # pytest-recording already defines it
        group.addoption(
            "--record-mode",
            choices=RECORD_MODES,
            default=None,
            help="vcrpy record mode for cassettes: none (replay only, PR gates), once "
            "(default: replay what exists, record what is missing), new_episodes, all "
            "(re-record, nightly).",
        )


@dataclass(frozen=True)
class ParityOptions:
    """The resolved options: command line first, then ini, then defaults."""

    target: str
    workspace_config: Path | None
    reports: Path
    record_mode: str
    cassettes: Path = Path("cassettes")
    build_environments: bool = False

    @classmethod
    def from_config(cls, config: pytest.Config) -> ParityOptions:
        def pick(option: str, ini: str) -> str:
            value = config.getoption(option, default=None)
            return str(value) if value not in (None, "") else str(config.getini(ini))

        target = pick("parity_target", "parity_target")
        if target not in TARGETS:
            raise pytest.UsageError(
                f"parity_target = {target!r} in the ini file is not one of {', '.join(TARGETS)}."
            )
        record_mode = pick("record_mode", "record_mode")
        if record_mode not in RECORD_MODES:
            raise pytest.UsageError(
                f"record_mode = {record_mode!r} is not one of {', '.join(RECORD_MODES)}."
            )
        workspace = pick("parity_workspace", "parity_workspace")
        reports = Path(pick("parity_reports", "parity_reports"))
        if not reports.is_absolute():
            reports = Path(config.rootpath) / reports
        cassettes = Path(pick("parity_cassettes", "parity_cassettes"))
        if not cassettes.is_absolute():
            cassettes = Path(config.rootpath) / cassettes
        build = config.getoption("parity_build_environments", default=None)
        if build is None:
            build = str(config.getini("parity_build_environments")).lower() in ("true", "1",
                                                                                  "yes")
        return cls(target, Path(workspace) if workspace else None, reports, record_mode,
                   cassettes, bool(build))
