"""Entry point of a side's own process: `python -m harness.sides.worker request.json`.

Each side runs in a fresh interpreter so one SDK's import-time state (cloud
metadata, caches, logging handlers) cannot leak into the other, and so a side
may use its own interpreter. The worker writes either the evidence or a
failure record; the parent never has to parse a traceback.

The whole side, SDK imports included, runs inside the side's cassette
(`harness.cassettes.recorder`): recorded, or replayed with no network. A
replay that met a request its cassette does not hold fails with the harness's
own report of that request, whatever the SDK made of vcrpy's refusal.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from pathlib import Path
from typing import Any

from ..cassettes.corrupt import CorruptCassette
from ..cassettes.meta import certified_folders, sdk_versions
from ..cassettes.recorder import Recording, recording
from ..cassettes.unmatched import report
from ..evidence import EndpointEvidence, FileRef
from ..redact import session_redactor
from ..scenario import ScenarioError, load_scenario
from .recorded_latency import carry_latencies
from .request import SideRequest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    request = SideRequest.load(Path(args[0]))
    try:
        return _run(request)
    finally:
        _scrub_own_output(request)


def _run(request: SideRequest) -> int:
    opened: Recording | None = None
    try:
        scenario = load_scenario(Path(request.scenario_file))
        with recording(
            cassette=request.cassette, record_mode=request.record_mode,
            run_token=request.run_token, scenario=scenario.name,
            label=request.label or request.side, side=request.side,
            certified=certified_folders(scenario), workspace_config=request.workspace_config,
            target=request.target, host_paths=request.host_paths,
        ) as opened:
            evidence = _runner(request)(scenario, request, opened.run_token)
            if isinstance(evidence, EndpointEvidence):
                carry_latencies(evidence, opened)
        if opened.unmatched:
            return _unmatched(request, opened, scenario.name, scenario.folder)
        _save_redacted(evidence, request)
    except ScenarioError as exc:
        _fail(request, "scenario", str(exc))
        return 2
    except CorruptCassette as exc:  # names the file and line; the SDK never ran
        _fail(request, "cassette", f"{scenario.name} {request.label or request.side}: "
                                   + exc.explain(_shown(scenario.folder), _shown))
        return 5
    except Exception as exc:  # anything else: the side could not run; keep the details
        if opened is not None and opened.unmatched:
            return _unmatched(request, opened, scenario.name, scenario.folder,
                              f"{type(exc).__name__}: {' '.join(str(exc).split())}")
        message = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        _fail(request, "side", message, traceback.format_exc())
        return 3
    return 0


def _save_redacted(evidence: Any, request: SideRequest) -> None:
    """Evidence without secrets: files the side downloaded are scrubbed in place (their
    digests follow), then the evidence record itself. The redactor already knows what the
    cassette hooks found in this side's traffic (a password sent as a job variable is also
    scrubbed where the job printed it)."""
    redactor = session_redactor()
    changed = set(redactor.tree(request.folder.files_dir))
    for name, ref in getattr(evidence, "files", {}).items():
        if ref.local and Path(ref.local) in changed:
            evidence.files[name] = FileRef.of(ref.local)
    redactor.file(evidence.save(request.folder.evidence_file))


def _runner(request: SideRequest) -> Any:
    """The function that runs this side (imported late: it imports its SDK)."""
    module, _, function = request.runner.partition(":")
    return getattr(importlib.import_module(module), function)


def _unmatched(request: SideRequest, opened: Recording, scenario: str, folder: Path,
               sdk_error: str = "") -> int:
    """The harness's own account of the refused requests; the SDK's error only as a footnote."""
    message = report(opened.unmatched, scenario=scenario, label=request.label or request.side,
                     cassette=_shown(Path(request.cassette)), scenario_arg=_shown(folder),
                     recorded_sdk=opened.stored.get("sdk"), installed_sdk=sdk_versions())
    if sdk_error:
        message += f"\n(the SDK then raised: {sdk_error[:300]})"
    _fail(request, "unmatched", message)
    return 4


def _shown(path: Path) -> str:
    """A path from the project root (the worker runs in `<root>/scenarios/<name>/`)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve().parents[1]))
    except (ValueError, IndexError):
        return str(path)


def _fail(request: SideRequest, kind: str, message: str, trace: str = "") -> None:
    redactor = session_redactor()
    request.folder.failure_file.parent.mkdir(parents=True, exist_ok=True)
    request.folder.failure_file.write_text(
        json.dumps({"kind": kind, "message": redactor.text(message),
                    "traceback": redactor.text(trace)}, indent=2),
        encoding="utf-8",
    )


def _scrub_own_output(request: SideRequest) -> None:
    """The side's stdout/stderr file (the SDKs print warnings, tracebacks, URLs) is
    scrubbed with everything this side learned, once nothing more is written to it."""
    sys.stdout.flush()
    sys.stderr.flush()
    session_redactor().file(request.folder.output_file)


if __name__ == "__main__":
    raise SystemExit(main())
