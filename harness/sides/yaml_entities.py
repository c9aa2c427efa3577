"""Load CLI v2 YAML files with azure-ai-ml's own loaders, as `az ml ... -f` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..scenario import Scenario, ScenarioError
from .sdk_errors import explain_sdk_error


def load_yaml_entities(scenario: Scenario) -> dict[str, Any]:
    """Every YAML file of the v2 side as an entity, keyed by its kind (job, deployment...)."""
    from azure.ai.ml import (
        load_environment,
        load_job,
        load_model,
        load_online_deployment,
        load_online_endpoint,
    )

    loaders = {
        "job": load_job,
        "environment": load_environment,
        "model": load_model,
        "endpoint": load_online_endpoint,
        "deployment": load_online_deployment,
    }
    entities = {}
    for kind, file in scenario.v2.yaml_files.items():
        try:
            entities[kind] = loaders[kind](source=file)
        except Exception as exc:  # the SDK's validation error, rephrased for the user
            raise ScenarioError(
                scenario.path,
                f"azure-ai-ml rejected {_rel(file, scenario.folder)} as a {kind}: "
                f"{_sdk_message(exc)}",
                f"fix {file.name}; it must load with azure.ai.ml.load_{_loader_name(kind)}().",
                f"v2.{kind}" if kind != "job" else "v2",
            ) from exc
    return entities


def _loader_name(kind: str) -> str:
    return {"endpoint": "online_endpoint", "deployment": "online_deployment"}.get(kind, kind)


def _sdk_message(exc: Exception) -> str:
    return explain_sdk_error(exc)


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
