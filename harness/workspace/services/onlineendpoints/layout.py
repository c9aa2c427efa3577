"""Lay out a v2 deployment the way a managed online endpoint's container sees it.

The model's files land in ``azureml-models/<model name>/<version>/`` keeping the name
of the registered path: a model registered from a folder ``model/`` is found under
``$AZUREML_MODEL_DIR/model/...``, a model registered from a file ``model.pkl`` at
``$AZUREML_MODEL_DIR/model.pkl`` (learn.microsoft.com, "Specify model to deploy for use
in online endpoint"). ``AZUREML_MODEL_DIR`` is always that one model's folder: a v2
deployment has exactly one model. The code asset is copied to its own folder, which is
``AML_APP_ROOT`` and the working directory.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...context import WorkspaceContext
from ...executor.scoring.files import copy_item, reset_folder
from ...http import iso_time
from ..assets.models import AssetBackend
from ..jobs.locations import local_path, locate
from . import exceptions

MODELS_DIR = "azureml-models"


@dataclass(frozen=True)
class DeploymentLayout:
    app_root: Path
    entry_script: Path
    model_dir: Path | None


def lay_out(context: WorkspaceContext, app: Path, properties: dict[str, Any],
            init_log: Path) -> DeploymentLayout:
    """Copy code and model for one deployment below ``app``; notes each copy in ``init_log``."""
    reset_folder(app)
    notes: list[str] = []
    assets = context.backend(AssetBackend)
    code_config = properties.get("codeConfiguration") or {}
    code_id = code_config.get("codeId")
    script = str(code_config.get("scoringScript") or "")
    if not code_id or not script:
        raise exceptions.bad_request(
            "The aml-parity local workspace runs deployments with a scoring script: set "
            "code_configuration (code and scoring_script); no-code (MLflow) deployments "
            "are not served.")
    code_uri = str(assets.resolve(str(code_id))["properties"]["codeUri"])
    code_source = _files(context, code_uri)
    app_root = app / (_last_segment(code_uri) or "code")
    copy_item(code_source, app_root)
    notes.append(f"code {code_uri} -> {app_root}")
    entry_script = app_root / script
    if not entry_script.is_file():
        raise exceptions.bad_request(f"Scoring script {script} is not in the code asset "
                                     f"{code_id}.")
    model_dir = None
    model_id = properties.get("model")
    if model_id:
        model = assets.resolve(str(model_id))
        uri = str(model["properties"]["modelUri"])
        name, version = _name_version(str(model["id"]))
        model_dir = app / MODELS_DIR / name / version
        target = model_dir / (_last_segment(uri) or "model")
        copy_item(_files(context, uri), target)
        notes.append(f"model {name}:{version} {uri} -> {target}")
    init_log.parent.mkdir(parents=True, exist_ok=True)
    init_log.write_text("".join(f"{iso_time()} {line}\n" for line in notes))
    return DeploymentLayout(app_root, entry_script, model_dir)


def _files(context: WorkspaceContext, uri: str) -> Path:
    path = local_path(context, locate(context, uri))
    if not path.exists():
        raise exceptions.bad_request(f"No files were uploaded at {uri}.")
    return path


def _last_segment(uri: str) -> str:
    text = uri.split("/paths/", 1)[-1] if "/paths/" in uri else unquote(urlsplit(uri).path)
    return posixpath.basename(text.rstrip("/"))


def _name_version(arm_id: str) -> tuple[str, str]:
    parts = arm_id.rstrip("/").split("/")
    return parts[-3], parts[-1]
