"""The `aml-parity` command line: the demo, scenario validation, and the local workspace."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cassettes.cli import cassettes
from .report.cli import certify, report, report_after_run
from .scenario import ScenarioError, load_scenario
from .scenario.loader import scenario_files_under
from .starter.cli import init
from .workspace.cli import workspace


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aml-parity")
def main() -> None:
    """Certify an Azure ML migration from SDK v1 to v2 before cutover."""


@main.command()
@click.option("--scenarios", "scenarios_dir", default="scenarios", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--reports", default="reports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def demo(scenarios_dir: Path, reports: Path, pytest_args: tuple[str, ...]) -> None:
    """Run the bundled scenarios live on the local workspace and write the reports.

    Every side really runs (jobs, deployments) and is recorded into the reports folder,
    so the shipped cassettes are never overwritten; extra arguments go to pytest.
    """
    import pytest

    if not scenarios_dir.is_dir():
        raise click.UsageError(f"no scenarios folder at {scenarios_dir}; pass --scenarios DIR.")
    reports.mkdir(parents=True, exist_ok=True)
    live = [] if any(a.startswith("--record-mode") for a in pytest_args) else [
        "--record-mode=all", f"--parity-cassettes={reports / 'demo-cassettes'}"
    ]
    args = [
        str(scenarios_dir),
        f"--parity-reports={reports}",
        f"--junitxml={reports / 'junit.xml'}",
        f"--alluredir={reports / 'allure-results'}",
        "-n", "2",
        *live,
        *pytest_args,
    ]
    code = pytest.main(args)
    click.echo(report_after_run(reports))
    click.echo(f"\nReports: {reports / 'summary.md'}, {reports / 'junit.xml'}, "
               f"{reports / 'allure-results'}")
    sys.exit(int(code))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--schema-only", is_flag=True,
              help="Check the scenario files only; do not build the sides' objects.")
def validate(paths: tuple[Path, ...], schema_only: bool) -> None:
    """Check scenarios without a workspace: the file, then both sides built offline.

    Building the sides runs the callables and azure-ai-ml's YAML loaders exactly as the
    spec phase does, so a broken callable or a job.yml that names a missing file fails
    here, not in CI.
    """
    from .checks.spec import gather_spec, unused_ignore_warnings
    from .sides.sdk_warnings import gathered_sdk_warnings

    files = _scenario_files(paths or (Path("scenarios"),))
    if not files:
        raise click.UsageError("no scenario.yaml found; pass files or folders.")
    failed = 0
    with gathered_sdk_warnings() as sdk:
        for file in files:
            sdk.source = file.parent.name
            warnings = []
            try:
                scenario = load_scenario(file)
                if not schema_only:
                    warnings = unused_ignore_warnings(scenario, gather_spec(scenario))
            except ScenarioError as exc:
                failed += 1
                click.echo(f"FAIL {exc}", err=True)
            else:
                click.echo(f"ok   {file} ({scenario.name}: {', '.join(scenario.evidence)})")
            for warning in warnings:
                click.echo(f"warn {file}: {warning.path} pattern '{warning.v1}': "
                           f"{warning.note}.", err=True)
    if sdk.seen:
        click.echo("\nSDK warnings (each once, with the scenarios that raised it):", err=True)
        for line in sdk.lines():
            click.echo(f"  {line}", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--reports", default="reports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
def rejudge(paths: tuple[Path, ...], reports: Path) -> None:
    """Recompute verdicts from saved evidence under current rules.

    Nothing runs: change a tolerance, rename or ignore in scenario.yaml and see the
    verdict it gives on the evidence of the last run (every kind that saved some).
    """
    from .checks.registry import checks
    from .evidence import EvidenceFolder
    from .report.terminal import summary_table, verdict_message, warnings_section

    verdicts = []
    for file in _scenario_files(paths or (Path("scenarios"),)):
        scenario = load_scenario(file)
        for kind in checks():
            if kind.name not in scenario.evidence:
                continue
            saved = kind.load(EvidenceFolder(reports, scenario.name, kind.name))
            if saved is not None:
                verdicts.append(kind.judge(scenario, saved))
    for verdict in verdicts:
        if not verdict.meets_expectation:
            click.echo(verdict_message(verdict))
    if not verdicts:
        raise click.UsageError(f"no saved evidence under {reports}; run the scenarios first.")
    click.echo(summary_table(verdicts))
    warnings = warnings_section(verdicts)
    if warnings:
        click.echo("\nwarnings:\n" + warnings)
    sys.exit(0 if all(v.meets_expectation for v in verdicts) else 1)


@main.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--no-detect-secrets", is_flag=True,
              help="Our own rules only (faster); by default detect-secrets scans too.")
def scan_command(paths: tuple[Path, ...], no_detect_secrets: bool) -> None:
    """Look for secrets in cassettes and reports (default: ./cassettes and ./reports).

    Our rules (credentials this machine knows, secret shapes such as JWTs, SAS
    signatures and account keys, secret-named values) and detect-secrets both look;
    findings name the file, line and kind, never the secret. Exit 1 on any finding.
    """
    from .redact import session_redactor
    from .redact.plugin import learn_local_workspace
    from .redact.scan import scan

    targets = list(paths) or [p for p in (Path("cassettes"), Path("reports")) if p.exists()]
    if not targets:
        raise click.UsageError("nothing to scan: no cassettes/ or reports/ here; pass paths.")
    redactor = session_redactor()
    learn_local_workspace(redactor, Path.cwd())
    findings = scan(targets, redactor, use_detect_secrets=not no_detect_secrets)
    for finding in findings:
        click.echo(finding.describe(Path.cwd()), err=True)
    shown = ", ".join(str(t) for t in targets)
    click.echo(f"scanned {shown}: {len(findings)} secret(s) found.")
    sys.exit(1 if findings else 0)


@main.command("schema")
@click.option("--write", "write_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write it to this file instead of printing it.")
def schema_command(write_to: Path | None) -> None:
    """The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=...`)
    and CI validators: what every scenario has, plus each kind of evidence's blocks."""
    from .scenario.schema import published_schema

    if write_to is None:
        click.echo(published_schema(), nl=False)
    else:
        write_to.write_text(published_schema(), encoding="utf-8")
        click.echo(f"wrote {write_to}")


def _scenario_files(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        else:
            found.extend(scenario_files_under(path))
    return found


main.add_command(workspace)
main.add_command(report)
main.add_command(certify)
main.add_command(cassettes)
main.add_command(init)
