"""Materialise a v1 run's dataset inputs (``as_named_input('x').as_mount()`` and friends).

A ScriptRunConfig with a DatasetConsumptionConfig in its arguments submits the argument
as ``DatasetConsumptionConfig:<name>`` and the run configuration's ``data`` section as
``{name: {dataLocation: {dataset: {id, name, version}}, mechanism, environmentVariableName,
pathOnCompute}}``. On Azure the job's runtime mounts or downloads the files, replaces
the argument by the local path and sets the variables ``run.input_datasets`` reads
(``AZUREML_DATASET_ENVIRONMENT_VARS`` and one per input); ``direct`` passes the
dataset id instead. Here the files are already local (the blob service's files), so a
mount is the datastore folder itself and a download is a copy of it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...executor import v1_dataset_env
from ..arm.models import ArmBackend
from .models import DatasetStore, datastore_paths

ARGUMENT_PREFIX = "DatasetConsumptionConfig:"
_MODES = {"mount": "mount", "download": "download", "direct": "direct"}


class DatasetInputError(ValueError):
    """A dataset input the local workspace cannot lay out; the run is refused."""


@dataclass(frozen=True)
class DatasetInput:
    """One resolved input: what the job sees as its path (or id) and the mode."""

    name: str
    value: str
    mode: str
    variable: str


def _saved_for(store: DatasetStore, location: dict[str, Any]) -> dict[str, Any]:
    dataset = location.get("dataset") or {}
    if dataset.get("name"):
        version = dataset.get("version")
        dto = store.by_name(str(dataset["name"]), None if version is None else str(version))
        return store.saved(str(dto["latest"]["savedDatasetId"]))
    return store.saved(str(dataset.get("id") or ""))


def _source_folder(context: WorkspaceContext, flow: str | None) -> Path:
    """The local folder of the (single) datastore path a file dataset reads."""
    paths = datastore_paths(flow)
    if len(paths) != 1:
        raise DatasetInputError(f"the local workspace mounts datasets that read exactly one "
                                f"datastore path; this one reads {len(paths)}")
    datastore, path = paths[0]
    props = context.backend(ArmBackend).datastore(datastore)["properties"]
    return context.blob_files.path(str(props["accountName"]), str(props["containerName"]),
                                   path.strip("/") or ".")


def resolve_inputs(context: WorkspaceContext, config: dict[str, Any],
                   scratch: Path) -> list[DatasetInput]:
    """The run configuration's dataset inputs, laid out (downloads copied under ``scratch``)."""
    store = context.backend(DatasetStore)
    found = []
    for name, spec in (config.get("data") or {}).items():
        if not isinstance(spec, dict):
            continue
        mode = _MODES.get(str(spec.get("mechanism") or "direct").lower())
        if mode is None:
            raise DatasetInputError(f"dataset input '{name}': mode "
                                    f"'{spec.get('mechanism')}' is not supported locally")
        saved = _saved_for(store, spec.get("dataLocation") or {})
        variable = str(spec.get("environmentVariableName") or name)
        if mode == "direct":
            found.append(DatasetInput(name, str(saved["id"]), mode, variable))
            continue
        source = _source_folder(context, saved.get("dataflowJson"))
        if mode == "download":
            target = scratch / name
            shutil.rmtree(target, ignore_errors=True)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                target.mkdir(parents=True)
                shutil.copy2(source, target / source.name)
            source = target
        found.append(DatasetInput(name, str(source), mode, variable))
    return found


def dataset_env(inputs: list[DatasetInput]) -> dict[str, str]:
    """The variables the job gets for its dataset inputs."""
    env = v1_dataset_env({i.variable: (i.value, i.mode) for i in inputs}, {})
    for item in inputs:
        if item.mode != "direct":
            env[f"AZUREML_DATAREFERENCE_{item.name}"] = item.value
    return env


def substitute_arguments(arguments: list[str], inputs: list[DatasetInput]) -> list[str]:
    """``DatasetConsumptionConfig:<name>`` arguments replaced by the input's path or id."""
    values = {f"{ARGUMENT_PREFIX}{i.name}": i.value for i in inputs}
    return [values.get(a, a) for a in arguments]
