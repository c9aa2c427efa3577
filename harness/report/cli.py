"""`aml-parity report` and `aml-parity certify`: the stakeholder-facing commands.

Mounted on the main group by `harness/cli.py` (`main.add_command(report)`,
`main.add_command(certify)`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..compare.verdict import Verdict
from .allure_generate import AllureNotInstalled, ReportPaths, generate
from .certificate import CERTIFICATE_FILE, CertificateRefused, check_certificate, load_certificate
from .shared_folder import locked, read_json
from .summary import VERDICTS_FILE, write_summary

REPORTS = click.option("--reports", default="reports", show_default=True,
                       type=click.Path(file_okay=False, path_type=Path),
                       help="the folder pytest wrote (--parity-reports).")


@click.command()
@REPORTS
@click.option("--history-limit", type=int, default=None,
              help="keep at most this many runs in the history trend.")
def report(reports: Path, history_limit: int | None) -> None:
    """Build the HTML report (reports/allure-report) with Allure 3, with history across runs."""
    try:
        index = generate(reports, history_limit=history_limit)
    except (AllureNotInstalled, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    refresh_summary(reports)
    click.echo(f"Report: {index} ({_history(reports)})\nOpen it through a web server, e.g. "
               f"`python -m http.server -d {index.parent}` (browsers block file:// data).")


def refresh_summary(reports: Path) -> None:
    """Rewrite summary.md so its links lead into the report just built."""
    with locked(reports):
        data = read_json(reports / VERDICTS_FILE)
        if isinstance(data, list):
            write_summary(reports, [Verdict.from_dict(v) for v in data], report_built=True)


@click.command()
@REPORTS
@click.option("--require", "require", multiple=True, default=("all",), show_default=True,
              metavar="all|GLOB", help="scenarios that must be certified (repeatable).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the project root the scenario paths are relative to "
                   "(default: the one the certificate records, else the current folder).")
def certify(reports: Path, require: tuple[str, ...], root: Path | None) -> None:
    """Exit 0 only if every required scenario met its expectation in the latest run.

    An `expect: drift` item that detected its drift counts as passed. A certificate
    whose scenario files or cassettes changed since the run is refused.
    """
    try:
        certificate = load_certificate(reports / CERTIFICATE_FILE)
        base = root or _recorded_root(certificate)
        result = check_certificate(certificate, base, require)
    except CertificateRefused as exc:
        click.echo(f"REFUSED {exc}", err=True)
        sys.exit(2)
    for line in result.lines:
        click.echo(line)
    verdict = "certified" if result.passed else "NOT certified"
    click.echo(f"\n{verdict}: target {certificate.get('target')}, "
               f"azureml-core {certificate.get('sdk', {}).get('azureml-core')}, "
               f"azure-ai-ml {certificate.get('sdk', {}).get('azure-ai-ml')}")
    sys.exit(0 if result.passed else 1)


def _recorded_root(certificate: dict[str, object]) -> Path:
    recorded = Path(str(certificate.get("root", "")))
    return recorded if recorded.is_dir() else Path.cwd()


def report_after_run(reports: Path) -> str:
    """For `aml-parity demo`: build the report if Allure is installed; never fails the run."""
    try:
        index = generate(reports)
    except (AllureNotInstalled, FileNotFoundError, RuntimeError) as exc:
        return f"HTML report not built: {str(exc).splitlines()[0]}"
    refresh_summary(reports)
    return f"HTML report: {index} ({_history(reports)})"


def _history(reports: Path) -> str:
    """How many runs the trend shows, and where they are kept."""
    path = ReportPaths(reports).history
    try:
        runs = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    except OSError:
        runs = 0
    return f"{runs} run{'s' if runs != 1 else ''} in its history, {path}"
