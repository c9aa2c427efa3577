"""Turn one module node of a submitted graph into a v1 script run (what Azure's step runs are).

A PythonScriptStep reaches the service as a module (``StructuredInterface``: ports,
parameters and ``Arguments``, a list of Literal / Input / Output / Parameter
assignments) plus a graph node (parameter values, output settings, the run
configuration as JSON). Azure runs it as a ScriptRun whose arguments have each data port
replaced by ``$AZUREML_DATAREFERENCE_<name>``, with that variable holding the port's
path on the compute; here the path is substituted directly and the variable set too.

PipelineData outputs live on their datastore at ``azureml/<step run id>/<output name>``
(Azure's default); the step writes straight into the local copy of that datastore
folder, and :func:`publish_outputs` registers the files as blobs when it ends, so
downstream steps, ``PortDataReference.download`` and the blob API all see them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...services.arm.models import ArmBackend
from ...services.blob.models import BlobBackend
from ...services.pipelines import exceptions
from ..context import v1_dataset_env

Doc = dict[str, Any]
RUN_AFTER = "_run_after_output"
"""The SDK's fake output that orders steps without data; never materialised."""


@dataclass(frozen=True)
class DataLocation:
    """A folder on a datastore: what a port reads or writes."""

    datastore: str
    path: str

    def as_key(self) -> str:
        return f"{self.datastore}:{self.path}"


@dataclass
class StepPlan:
    """Everything needed to start (or reuse) one step."""

    node_id: str
    name: str
    module_id: str
    definition: Doc
    env: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, DataLocation] = field(default_factory=dict)
    inputs: dict[str, DataLocation] = field(default_factory=dict)
    reusable: bool = True
    reuse_material: Doc = field(default_factory=dict)


class Datastores:
    """Local folders behind datastore paths (the blob service's files)."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.arm = context.backend(ArmBackend)
        self.blobs = context.backend(BlobBackend)

    def default_name(self) -> str:
        store = next(d for d in self.arm.datastores() if d["properties"].get("isDefault"))
        return str(store["name"])

    def _account_container(self, datastore: str) -> tuple[str, str]:
        try:
            props = self.arm.datastore(datastore)["properties"]
        except Exception as exc:
            raise exceptions.bad_graph(f"datastore '{datastore}' does not exist") from exc
        return str(props["accountName"]), str(props["containerName"])

    def folder(self, location: DataLocation) -> Path:
        account, container = self._account_container(location.datastore)
        self.blobs.ensure_container(account, container)
        return self.context.blob_files.path(account, container, location.path.strip("/"))

    def publish(self, location: DataLocation) -> int:
        """Register every file under the location's folder as a blob; the file count."""
        account, container = self._account_container(location.datastore)
        root = self.folder(location)
        count = 0
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                name = f"{location.path.strip('/')}/{path.relative_to(root).as_posix()}"
                self.blobs.put(account, container, name, path.read_bytes(), {}, {})
                count += 1
        return count


def parameter_values(module: Doc, node: Doc, pipeline_params: dict[str, str]) -> dict[str, str]:
    """Module defaults, overridden by the node's values (graph parameters resolved)."""
    interface = module.get("StructuredInterface") or {}
    values: dict[str, str] = {}
    for p in [*(interface.get("Parameters") or []), *(interface.get("MetadataParameters") or [])]:
        if p.get("DefaultValue") is not None:
            values[str(p["Name"])] = str(p["DefaultValue"])
    for p in [*(node.get("ModuleParameters") or []), *(node.get("ModuleMetadataParameters") or [])]:
        value = p.get("Value")
        if value is None:
            continue
        if str(p.get("ValueType")) in ("1", "GraphParameterName"):
            value = pipeline_params.get(str(value), value)
        values[str(p["Name"])] = str(value)
    return values


def build_plan(datastores: Datastores, *, module: Doc, node: Doc, step_run_id: str,
               inputs: dict[str, DataLocation], pipeline_params: dict[str, str]) -> StepPlan:
    """The script run for ``node``; ``inputs`` are the resolved locations of its ports."""
    interface = module.get("StructuredInterface") or {}
    params = parameter_values(module, node, pipeline_params)
    settings = {str(o.get("Name")): o for o in node.get("ModuleOutputSettings") or []}
    outputs: dict[str, DataLocation] = {}
    env: dict[str, str] = {}
    for port in interface.get("Outputs") or []:
        name = str(port.get("Name"))
        if name == RUN_AFTER or port.get("SkipProcessing"):
            continue
        setting = settings.get(name, {})
        store = setting.get("DataStoreName") or port.get("DataStoreName") or \
            datastores.default_name()
        # OutputFileDatasetConfig's default destination differs from PipelineData's
        root = "dataset" if setting.get("DatasetOutputOptions") is not None else "azureml"
        outputs[name] = DataLocation(str(store), f"{root}/{step_run_id}/{name}")
    paths: dict[tuple[str, str], str] = {}
    for name, location in outputs.items():
        folder = datastores.folder(location)
        folder.mkdir(parents=True, exist_ok=True)
        paths[("Output", name)] = str(folder)
    for port in interface.get("Inputs") or []:
        name = str(port.get("Name"))
        if name not in inputs:
            if not port.get("IsOptional") and not name.startswith("_"):
                raise exceptions.bad_graph(f"input '{name}' of step '{module.get('Name')}' "
                                           "is not connected")
            continue
        paths[("Input", name)] = str(datastores.folder(inputs[name]))
    for (_, name), path in paths.items():
        env[f"AZUREML_DATAREFERENCE_{name}"] = path
    raw_arguments = interface.get("Arguments") or []
    env.update(_dataset_env(raw_arguments, paths))
    arguments = [_argument(a, paths, params) for a in raw_arguments]
    runconfig = json.loads(node.get("Runconfig") or module.get("Runconfig") or "{}")
    runconfig.update({"script": params.get("Script"), "command": params.get("Command") or None,
                      "arguments": arguments, "target": params.get("Target")})
    snapshot = (module.get("DataLocation") or {}).get("StorageId")
    material = {"module": module.get("Id"), "params": params,
                "runconfig": node.get("Runconfig") or module.get("Runconfig"),
                "inputs": {k: v.as_key() for k, v in sorted(inputs.items())},
                "outputs": sorted((k, settings.get(k, {}).get("DataStoreName")) for k in outputs)}
    return StepPlan(node_id=str(node["Id"]), name=str(module.get("Name") or node["Id"]),
                    module_id=str(module.get("Id")),
                    definition={"Configuration": runconfig, "SnapshotId": snapshot},
                    env=env, outputs=outputs, inputs=dict(inputs),
                    reusable=bool(module.get("IsDeterministic")) and not node.get(
                        "RegenerateOutput"),
                    reuse_material=material)


_DATASET_ARGUMENTS = {"DatasetConsumptionConfig:": "Input", "DatasetOutputConfig:": "Output"}
"""How OutputFileDatasetConfig and its ``as_input`` reach a step: Literal arguments."""


def _dataset_reference(value: str) -> tuple[str, str] | None:
    for prefix, kind in _DATASET_ARGUMENTS.items():
        if value.startswith(prefix):
            return kind, value[len(prefix):]
    return None


def _dataset_env(arguments: list[Doc], paths: dict[tuple[str, str], str]) -> dict[str, str]:
    """What ``run.input_datasets`` / ``run.output_datasets`` read for dataset arguments."""
    inputs: dict[str, tuple[str, str]] = {}
    outputs: dict[str, str] = {}
    for assignment in arguments:
        found = _dataset_reference(str(assignment.get("Value") or ""))
        if found is None or found not in paths:
            continue
        if found[0] == "Input":
            inputs[found[1]] = (paths[found], "mount")
        else:
            outputs[found[1]] = paths[found]
    return v1_dataset_env(inputs, outputs)


def _argument(assignment: Doc, paths: dict[tuple[str, str], str], params: dict[str, str]) -> str:
    kind, value = str(assignment.get("ValueType")), str(assignment.get("Value") or "")
    reference = _dataset_reference(value) if kind == "Literal" else None
    if reference is not None and reference in paths:
        return paths[reference]
    if kind in ("Input", "Output"):
        if (kind, value) not in paths:
            raise exceptions.bad_graph(f"argument refers to {kind.lower()} '{value}', which "
                                       "the step does not have")
        return paths[(kind, value)]
    if kind == "Parameter":
        return params.get(value, "")
    if kind == "NestedList":
        return "".join(_argument(a, paths, params) for a in
                       assignment.get("NestedArgumentList") or [])
    return value


def clear_outputs(datastores: Datastores, outputs: dict[str, DataLocation]) -> None:
    """Remove what an earlier attempt left in a step's output folders."""
    for location in outputs.values():
        shutil.rmtree(datastores.folder(location), ignore_errors=True)
