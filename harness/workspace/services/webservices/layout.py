"""Lay out a v1 service the way an ACI container sees it (``/var/azureml-app``).

The app folder holds the unpacked source directory (``<basename>/...``, named by the
environment's ``AZUREML_SOURCE_DIRECTORY``) and the models under
``azureml-models/<name>/<version>/``, each file at the path ``Model.download`` would give
it (the registered file or folder keeps its own name). ``AZUREML_MODEL_DIR`` is
``azureml-models/<name>/<version>`` when one model is deployed and the ``azureml-models``
root when several are: scoring scripts written for one break on the other, which is the
point of reproducing it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...executor.scoring.files import copy_item, extract_tar, reset_folder
from ..artifacts.models import Artifact, ArtifactStore
from ..modelmanagement.models import ModelRegistry
from . import exceptions

MODELS_DIR = "azureml-models"


@dataclass(frozen=True)
class ServiceLayout:
    """Where things are in one laid-out service."""

    app: Path
    entry_script: Path
    model_dir: Path
    variables: dict[str, str]


def lay_out(context: WorkspaceContext, app: Path, request: dict[str, Any]) -> ServiceLayout:
    """Build ``app`` from an ``environmentImageRequest``: source, models, variables."""
    reset_folder(app)
    artifacts = context.backend(ArtifactStore)
    environment = request.get("environment") or {}
    variables = {k: str(v) for k, v in (environment.get("environmentVariables") or {}).items()}
    driver = request.get("driverProgram")
    loose_script: str | None = None
    for asset in request.get("assets") or []:
        if asset.get("id") == driver and asset.get("mimeType") == "application/x-python":
            continue  # the SDK's generated main.py wrapper: azmlinfsrv loads the script itself
        source = artifacts.local_path(_artifact(artifacts, str(asset.get("url") or "")))
        if asset.get("unpack"):
            extract_tar(source, app)
        else:
            loose_script = posixpath.basename(str(asset.get("id") or source.name))
            copy_item(source, app / loose_script)
    entry = variables.get("AZUREML_ENTRY_SCRIPT") or loose_script
    if not entry:
        raise exceptions.bad_request("The service request names no entry script.")
    entry_script = app / entry
    if not entry_script.is_file():
        raise exceptions.bad_request(f"Entry script {entry} is not in the uploaded source.")
    model_ids = [str(m) for m in request.get("modelIds") or []]
    models_root = app / MODELS_DIR
    models_root.mkdir()
    registry = context.backend(ModelRegistry)
    placed = [_place_model(context, registry.model(model_id), models_root)
              for model_id in model_ids]
    model_dir = placed[0] if len(placed) == 1 else models_root
    return ServiceLayout(app, entry_script, model_dir, variables)


def _artifact(artifacts: ArtifactStore, url: str) -> Artifact:
    """The artifact behind ``aml://artifact/<origin>/<container>/<path>``."""
    artifact_id = url.removeprefix("aml://artifact/")
    origin, _, rest = artifact_id.partition("/")
    container, _, path = rest.partition("/")
    found = artifacts.get_in(origin, container, path)
    if found is None or not artifacts.exists(found):
        raise exceptions.not_found("Artifact", artifact_id)
    return found


def _place_model(context: WorkspaceContext, model: dict[str, Any], root: Path) -> Path:
    """Copy a registered model to ``root/<name>/<version>/``, as ``Model.download`` does."""
    target = root / str(model["name"]) / str(model["version"])
    target.mkdir(parents=True)
    artifacts = context.backend(ArtifactStore)
    url = str(model.get("url") or "")
    if url.startswith("aml://asset/"):
        asset = context.backend(ModelRegistry).asset(url[len("aml://asset/"):])
        files = [pair for entry in asset.get("artifacts") or []
                 for pair in _asset_files(artifacts, entry)]
    else:
        found = _artifact(artifacts, url)
        files = [(posixpath.basename(found.path), found)]
    if not files:
        raise exceptions.bad_request(f"Model {model['id']} has no files to deploy.")
    for relative, artifact in files:
        copy_item(artifacts.local_path(artifact), target / relative)
    if model.get("unpack") and len(files) == 1:
        archive = target / files[0][0]
        extract_tar(archive, target)
        archive.unlink()
    return target


def _asset_files(artifacts: ArtifactStore, entry: dict[str, Any]) -> list[tuple[str, Artifact]]:
    """(relative download path, artifact) pairs, by the rules of ``Model.download``."""
    if entry.get("id"):
        single = _artifact(artifacts, f"aml://artifact/{entry['id']}")
        return [(posixpath.basename(single.path), single)]
    prefix = str(entry.get("prefix") or "")
    origin, container, path = [*prefix.split("/", 2), "", ""][:3]
    strip = posixpath.dirname(path)
    found = [a for a in artifacts.list_in(origin, container, path)
             if a.path == path or a.path.startswith(path.rstrip("/") + "/")]
    return [(posixpath.relpath(a.path, strip) if strip else a.path, a) for a in found
            if artifacts.exists(a)]
