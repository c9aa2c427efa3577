"""Run documents as the v1 wire shows them: RunDto and RunDetailsDto."""

from __future__ import annotations

from typing import Any

from ...context import WorkspaceContext
from ..artifacts.models import ArtifactStore
from ..blob.sas import blob_sas_url

LOG_PREFIXES = ("azureml-logs/", "logs/azureml/")
"""Artifacts shown as a run's ``logFiles``."""

_INTERNAL = ("experimentName",)


def run_view(run: dict[str, Any]) -> dict[str, Any]:
    """A RunDto (the stored document minus keys the wire does not carry)."""
    return {k: v for k, v in run.items() if k not in _INTERNAL}


def log_files(context: WorkspaceContext, run_id: str) -> dict[str, str]:
    """``{path: readable SAS URL}`` of the run's log artifacts that exist."""
    artifacts = context.backend(ArtifactStore)
    files: dict[str, str] = {}
    for prefix in LOG_PREFIXES:
        for artifact in artifacts.list(run_id, prefix):
            if artifacts.exists(artifact):
                files[artifact.path] = blob_sas_url(
                    context.settings, artifact.storage_container, artifact.blob_path,
                    account=artifact.account)
    return files


def details_view(context: WorkspaceContext, run: dict[str, Any]) -> dict[str, Any]:
    """A RunDetailsDto: status, times, error, definition and the log files' URLs."""
    keys = ("runId", "runUuid", "parentRunUuid", "rootRunUuid", "target", "status",
            "parentRunId", "startTimeUtc", "endTimeUtc", "error", "warnings", "tags",
            "properties", "inputDatasets", "outputDatasets", "runDefinition",
            "createdTimeUtc", "createdBy", "services")
    view = {k: run.get(k) for k in keys}
    view["createdTimeUtc"] = run.get("createdUtc")
    view["properties"] = run.get("properties") or {}
    view["tags"] = run.get("tags") or {}
    view["inputDatasets"] = run.get("inputDatasets") or []
    view["outputDatasets"] = run.get("outputDatasets") or []
    view["services"] = {}
    view["logFiles"] = log_files(context, run["runId"])
    return view
