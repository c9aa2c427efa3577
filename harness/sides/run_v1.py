"""Run a v1 side with azureml-core: submit, wait, and collect what the run left behind."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..evidence import FileRef, SideEvidence
from ..evidence.collect import v1_artifact_path, v1_evidence
from ..evidence.packages import PACKAGES_ARTIFACT, environment_evidence
from ..scenario import Scenario, ScenarioError
from .callables import call_side
from .connect import v1_workspace
from .context import SideContext
from .request import SideRequest

V1_LOGS = ("azureml-logs/70_driver_log.txt", "user_logs/std_log.txt")
COLLECTED_PREFIXES = ("outputs/", "logs/")
TERMINAL = frozenset({"Completed", "Failed", "Canceled", "NotResponding"})


def run_v1(scenario: Scenario, request: SideRequest, run_token: str = "") -> SideEvidence:
    ws = v1_workspace(Path(request.workspace_config))
    ctx = SideContext(scenario.name, "v1", scenario.folder, "run", run_token or request.run_token)
    started = time.monotonic()
    run = _submitted(scenario, ws, ctx, call_side(scenario, scenario.v1, ws, ctx), request)
    if run.get_status() not in TERMINAL:
        # `wait_for_completion` sleeps 2 s before its first poll; a replay (whose polls
        # answer with the final state) or a run that already ended has nothing to wait for.
        run.wait_for_completion(show_output=False, raise_on_error=False)
    return collect_v1(run, request.folder.files_dir, time.monotonic() - started)


def _submitted(scenario: Scenario, ws: Any, ctx: SideContext, result: Any,
               request: SideRequest) -> Any:
    """Submit what the callable built, or take the run it submitted itself; note which."""
    from azureml.core import Experiment, Run, ScriptRunConfig

    candidates = list(result.values()) if isinstance(result, dict) else (
        list(result) if isinstance(result, list | tuple) else [result]
    )
    for candidate in candidates:
        if isinstance(candidate, Run):
            request.note_submitted(candidate.experiment.name, candidate.id)
            return candidate
        if isinstance(candidate, ScriptRunConfig):
            request.note_submitted(ctx.experiment_name, ctx.run_name)
            return Experiment(ws, ctx.experiment_name).submit(candidate, run_id=ctx.run_name)
    raise ScenarioError(
        scenario.path,
        f"the v1 callable returned {type(result).__name__}, which has no run to compare",
        "return a ScriptRunConfig (the harness submits it) or the submitted Run.",
        "v1",
    )


def collect_v1(run: Any, files_dir: Path, duration_s: float) -> SideEvidence:
    """Status, metrics, tags, output files and the driver log of a finished v1 run."""
    details = run.get_details()
    raw_metrics = run.get_metrics()
    names = run.get_file_names()
    wanted = {n for n in names if n.startswith(COLLECTED_PREFIXES)}
    wanted |= {_artifact(v) for v in _strings(raw_metrics) if v.startswith("aml://")} & set(names)
    files = {name: _download(run, name, files_dir) for name in sorted(wanted)}
    log_name = next((n for n in V1_LOGS if n in names), None)
    logs = _download(run, log_name, files_dir).local if log_name else ""
    definition = details.get("runDefinition") or {}
    packages = _download(run, PACKAGES_ARTIFACT, files_dir).local \
        if PACKAGES_ARTIFACT in names else None
    return v1_evidence(
        raw_metrics,
        tags=run.get_tags(),
        files=files,
        status=details.get("status", ""),
        error=_error_text(details),
        duration_s=round(duration_s, 3),
        logs=logs,
        command=" ".join(
            [str(definition.get("script") or definition.get("command") or "")]
            + [str(a) for a in definition.get("arguments") or []]
        ).strip(),
        environment={"target": definition.get("target"), "run_id": run.id,
                     **environment_evidence(Path(packages) if packages else None)},
    )


def _download(run: Any, name: str, files_dir: Path) -> FileRef:
    local = files_dir / name
    local.parent.mkdir(parents=True, exist_ok=True)
    run.download_file(name, output_file_path=str(local))
    return FileRef.of(local)


def _artifact(uri: str) -> str:
    return v1_artifact_path(uri)


def _strings(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, dict):
        return [s for v in raw.values() for s in _strings(v)]
    if isinstance(raw, list):
        return [s for v in raw for s in _strings(v)]
    return []


def _error_text(details: dict[str, Any]) -> str:
    error = (details.get("error") or {}).get("error") or {}
    return str(error.get("message") or "")
