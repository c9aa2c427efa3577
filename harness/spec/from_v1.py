"""Build the canonical spec from azureml-core (SDK v1) objects, offline.

Reads only attributes the objects already hold: nothing here talks to a
workspace. Where v1 fills something in silently (the default base image, the
default Python 3.8 + azureml-defaults conda spec, `local` compute), the spec
shows it, because a v2 job does not inherit it.
"""

from __future__ import annotations

import os
from typing import Any

from azureml.core import Environment, ScriptRunConfig
from azureml.core.model import InferenceConfig
from azureml.core.runconfig import (
    MpiConfiguration,
    PyTorchConfiguration,
    RunConfiguration,
    TensorflowConfiguration,
)
from azureml.core.webservice.aci import AciServiceDeploymentConfiguration
from azureml.core.webservice.aks import AksServiceDeploymentConfiguration
from azureml.data import FileDataset, TabularDataset
from azureml.data.dataset_consumption_config import DatasetConsumptionConfig
from azureml.data.output_dataset_config import OutputDatasetConfig

from harness.spec.collect import MODEL_KEYS, empty_deployment, empty_job, finish, iter_objects
from harness.spec.command import placeholder, split
from harness.spec.environment import anonymous_environment, no_environment, reference_environment
from harness.spec.errors import SpecError
from harness.spec.paths import asset_name, relative_code
from harness.spec.skus import smallest_covering

SUPPORTED = [
    "azureml.core.ScriptRunConfig",
    "azureml.core.runconfig.RunConfiguration",
    "azureml.core.Environment",
    "azureml.core.runconfig.MpiConfiguration / PyTorchConfiguration / TensorflowConfiguration",
    "azureml.core.model.InferenceConfig",
    "AciWebservice.deploy_configuration(...) / AksWebservice.deploy_configuration(...)",
    "model names (str) under a 'models' key",
]

# Set by `Environment()` as an example; no script relies on it and v2 has no such default.
_PLACEHOLDER_VARIABLES = {"EXAMPLE_ENV_VAR": "EXAMPLE_VALUE"}
# Written into the environment by `Model.deploy`; v2 sets its own equivalents.
_DEPLOY_INJECTED = ("AZUREML_SOURCE_DIRECTORY", "AZUREML_ENTRY_SCRIPT")
# Documented defaults of ACI/AKS deploy_configuration when cpu_cores/memory_gb are None.
_DEFAULT_CPU, _DEFAULT_MEMORY_GB = 0.1, 0.5
_DEPLOY_CONFIGS = (AciServiceDeploymentConfiguration, AksServiceDeploymentConfiguration)
_INPUT_MODES = {"mount": "ro_mount", "download": "download", "direct": "direct"}
_OUTPUT_MODES = {"mount": "rw_mount", "upload": "upload"}


def v1_spec(objects: Any, base_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The canonical spec of what a v1 scenario side returned."""
    spec: dict[str, Any] = {}
    models: list[str] = []
    for key, obj in iter_objects(objects):
        if isinstance(obj, str) and key in MODEL_KEYS:
            models.append(_model_reference(obj))
        elif isinstance(obj, ScriptRunConfig):
            spec["job"] = _job(obj.run_config, obj, base_dir)
        elif isinstance(obj, RunConfiguration):
            spec["job"] = _job(obj, None, base_dir)
        elif isinstance(obj, Environment):
            spec["environment"] = environment(obj)
        elif isinstance(obj, (MpiConfiguration, PyTorchConfiguration, TensorflowConfiguration)):
            spec["distribution"] = _standalone_distribution(obj)
        elif isinstance(obj, InferenceConfig):
            _inference(spec.setdefault("deployment", empty_deployment()), obj, base_dir)
        elif isinstance(obj, _DEPLOY_CONFIGS):
            _deploy_config(spec.setdefault("deployment", empty_deployment()), obj)
        else:
            raise SpecError.unsupported(obj, "v1", SUPPORTED)
    if models:
        target = spec.get("deployment", spec)
        target["models"] = sorted(set(models))
    return finish(spec)


def environment(env: Environment | None) -> dict[str, Any]:
    """Registered envs by reference; anonymous ones by image and conda spec.

    An Environment with a version came from `Environment.get`/`register`; its
    content is the registry's, which a v2 `azureml:name:version` also names.
    `user_managed_dependencies=True` means v1 ignores the conda spec entirely.
    """
    if env is None:
        return no_environment()
    if env.version is not None:
        return reference_environment(f"{env.name}:{env.version}")
    image = None if env.docker.base_dockerfile else env.docker.base_image
    if env.python.user_managed_dependencies:
        return anonymous_environment(image, None)
    conda = env.python.conda_dependencies
    return anonymous_environment(image, dict(conda._conda_dependencies) if conda else None)


def _variables(*sources: dict[str, Any] | None, drop: tuple[str, ...] = ()) -> dict[str, str]:
    merged: dict[str, str] = {}
    for source in sources:
        for name, value in (source or {}).items():
            if _PLACEHOLDER_VARIABLES.get(name) == value or name in drop:
                continue
            merged[str(name)] = str(value)
    return merged


def _job(rc: RunConfiguration, src: ScriptRunConfig | None, base_dir: str | os.PathLike[str]
         ) -> dict[str, Any]:
    job = empty_job()
    source_directory = src.source_directory if src else None
    job["code"] = relative_code(source_directory, base_dir) if source_directory else None
    script = src.script if src else rc.script
    arguments = (src.arguments if src else rc.arguments) or []
    command = (src.command if src else rc.command) or None
    inputs: dict[str, Any] = {}
    outputs: dict[str, Any] = {}
    if command:
        items = split(command) if isinstance(command, str) else list(command)
        job["command"] = [_argument(a, inputs, outputs) for a in items]
    elif script:
        script_path = str(script).replace(os.sep, "/")
        args = split(arguments) if isinstance(arguments, str) else list(arguments)
        job["command"] = ["python", script_path, *(_argument(a, inputs, outputs) for a in args)]
    job["inputs"], job["outputs"] = inputs, outputs
    job["environment"] = environment(rc.environment)
    job["variables"] = _variables(
        rc.environment.environment_variables if rc.environment else None,
        rc.environment_variables,
    )
    job["compute"] = _compute(rc.target)
    job["instance_count"] = rc.node_count or 1
    job["distribution"] = _distribution(rc)
    return job


def _argument(arg: Any, inputs: dict[str, Any], outputs: dict[str, Any]) -> str:
    """One argv token as v1 sends it: the run definition is JSON, so numbers keep
    Python's `repr` (`0.1`, `0.001`, `1e+20`) and the service prints them as text."""
    if isinstance(arg, DatasetConsumptionConfig):
        dataset = arg.dataset
        kind = "mltable" if isinstance(dataset, TabularDataset) else "uri_folder"
        registration = getattr(dataset, "_registration", None)
        path = f"{registration.name}:{registration.version}" if registration else None
        mode = _INPUT_MODES.get(arg.mode, arg.mode)
        inputs[arg.name] = {"type": kind, "mode": mode, "path": path}
        return placeholder("inputs", arg.name)
    if isinstance(arg, OutputDatasetConfig):
        outputs[arg.name] = {"type": "uri_folder", "mode": _OUTPUT_MODES.get(arg.mode, arg.mode),
                             "path": _destination(getattr(arg, "destination", None))}
        return placeholder("outputs", arg.name)
    if isinstance(arg, (FileDataset, TabularDataset)):
        raise SpecError("a v1 Dataset cannot be an argument as is (v1 rejects it too); use "
                        "dataset.as_named_input('name').as_mount() or .as_download()")
    if isinstance(arg, str):
        for prefix, kind in (("DatasetConsumptionConfig:", "inputs"),
                             ("DatasetOutputConfig:", "outputs")):
            if arg.startswith(prefix):
                return placeholder(kind, arg[len(prefix):])
        return arg
    if isinstance(arg, (bool, int, float)):
        return str(arg)
    raise SpecError(f"cannot render a v1 argument of type {type(arg).__name__} offline; supported: "
                    "str, int, float, bool, DatasetConsumptionConfig, OutputFileDatasetConfig")


def _destination(destination: Any) -> str | None:
    if not destination:
        return None
    store, path = destination
    store_name = getattr(store, "name", store)
    return f"azureml://datastores/{store_name}/paths/{path}"


def _compute(target: Any) -> str | None:
    if target is None:
        return None
    name = target if isinstance(target, str) else getattr(target, "name", str(target))
    return name[len("azureml:"):] if name.startswith("azureml:") else name


def _distribution(rc: RunConfiguration) -> dict[str, Any] | None:
    framework = (rc.framework or "").lower()
    communicator = (rc.communicator or "").lower()
    nodes = rc.node_count or 1
    if framework == "pytorch" and rc.pytorch is not None:
        total = rc.pytorch.process_count or nodes
        return {"type": "pytorch", "process_count_per_instance": _per_node(total, nodes)}
    if communicator == "parameterserver" or framework == "tensorflow":
        tf = rc.tensorflow
        return {"type": "tensorflow", "worker_count": tf.worker_count,
                "parameter_server_count": tf.parameter_server_count}
    if communicator in ("intelmpi", "openmpi", "mpi"):
        return {"type": "mpi", "process_count_per_instance": rc.mpi.process_count_per_node or 1}
    return None


def _per_node(total: int, nodes: int) -> int | float:
    return total // nodes if total % nodes == 0 else total / nodes


def _standalone_distribution(obj: Any) -> dict[str, Any]:
    if isinstance(obj, PyTorchConfiguration):
        nodes = obj.node_count or 1
        return {"type": "pytorch",
                "process_count_per_instance": _per_node(obj.process_count or nodes, nodes),
                "instance_count": nodes}
    if isinstance(obj, TensorflowConfiguration):
        return {"type": "tensorflow", "worker_count": obj.worker_count,
                "parameter_server_count": obj.parameter_server_count,
                "instance_count": obj.worker_count}
    return {"type": "mpi", "process_count_per_instance": obj.process_count_per_node or 1,
            "instance_count": obj.node_count or 1}


def _inference(deployment: dict[str, Any], config: InferenceConfig,
               base_dir: str | os.PathLike[str]) -> None:
    entry = str(config.entry_script).replace(os.sep, "/")
    if config.source_directory:
        deployment["code"] = relative_code(config.source_directory, base_dir)
        deployment["entry_script"] = entry
    else:
        folder, _, name = entry.rpartition("/")
        deployment["code"] = relative_code(folder or ".", base_dir)
        deployment["entry_script"] = name
    deployment["environment"] = environment(config.environment)
    env_vars = config.environment.environment_variables if config.environment else None
    deployment["variables"] = _variables(env_vars, drop=_DEPLOY_INJECTED)


def _deploy_config(deployment: dict[str, Any], config: Any) -> None:
    cpu = config.cpu_cores if config.cpu_cores is not None else _DEFAULT_CPU
    memory = config.memory_gb if config.memory_gb is not None else _DEFAULT_MEMORY_GB
    sku = smallest_covering(cpu, memory)
    deployment["resources"] = {"instance_type": sku.name if sku else None, "cpu": cpu,
                               "memory_gb": memory}
    if isinstance(config, AciServiceDeploymentConfiguration):
        deployment["auth"] = "key" if config.auth_enabled else "none"
        deployment["instance_count"] = 1
        return
    if config.token_auth_enabled:
        deployment["auth"] = "aml_token"
    else:
        deployment["auth"] = "none" if config.auth_enabled is False else "key"
    deployment["instance_count"] = config.num_replicas or config.autoscale_min_replicas or 1


def _model_reference(text: str) -> str:
    """A registered model name, or the folder name of a model the harness registers from disk."""
    if ("/" in text or os.sep in text) and not text.startswith(("azureml:", "azureml://")):
        return os.path.basename(text.rstrip("/" + os.sep))
    return asset_name(text)
