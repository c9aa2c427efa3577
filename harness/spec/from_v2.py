"""Build the canonical spec from azure-ai-ml (SDK v2 / CLI v2 YAML) entities, offline.

Entities are read through their attributes rather than `_to_dict()`: the YAML
dump turns a boolean input into `1` and makes `code` absolute, while the
attributes hold what the SDK will send. Literal inputs are rendered by the
SDK's own REST conversion, so `0.10` becomes whatever the service will receive.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from azure.ai.ml import Input, Output
from azure.ai.ml.entities import (
    Command,
    CommandJob,
    Data,
    Environment,
    ManagedOnlineEndpoint,
    Model,
    OnlineDeployment,
)
from azure.ai.ml.entities._job._input_output_helpers import to_rest_dataset_literal_inputs

from harness.spec.collect import MODEL_KEYS, empty_deployment, empty_job, finish, iter_objects
from harness.spec.command import v2_tokens
from harness.spec.environment import anonymous_environment, no_environment, reference_environment
from harness.spec.errors import SpecError
from harness.spec.paths import asset_name, relative_code, strip_azureml
from harness.spec.skus import lookup

SUPPORTED = [
    "azure.ai.ml command(...) / load_job(...) (Command)",
    "azure.ai.ml.entities.CommandJob",
    "azure.ai.ml.entities.Environment",
    "azure.ai.ml.entities.ManagedOnlineDeployment / KubernetesOnlineDeployment",
    "azure.ai.ml.entities.ManagedOnlineEndpoint",
    "azure.ai.ml.entities.Model",
    "azure.ai.ml.entities.Data",
    "model references (str) under a 'models' key",
]
_LITERAL_TYPES = {"string", "number", "integer", "boolean"}
# Modes the service uses when a job leaves them out.
_DEFAULT_INPUT_MODE, _DEFAULT_OUTPUT_MODE = "ro_mount", "rw_mount"


def v2_spec(objects: Any, base_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The canonical spec of what a v2 scenario side returned."""
    spec: dict[str, Any] = {}
    models: list[str] = []
    for key, obj in iter_objects(objects):
        if isinstance(obj, str) and key in MODEL_KEYS:
            models.append(asset_name(obj))
        elif isinstance(obj, (Command, CommandJob)):
            spec["job"] = _job(obj, base_dir)
        elif isinstance(obj, Environment):
            spec["environment"] = environment(obj, base_dir)
        elif isinstance(obj, OnlineDeployment):
            deployment = spec.setdefault("deployment", empty_deployment())
            _deployment(deployment, obj, base_dir)
        elif isinstance(obj, ManagedOnlineEndpoint):
            auth = (obj.auth_mode or "key").lower()
            spec.setdefault("deployment", empty_deployment())["auth"] = auth
        elif isinstance(obj, Model):
            models.append(str(obj.name))
        elif isinstance(obj, Data):
            path = relative_code(obj.path, base_dir, anchor=getattr(obj, "base_path", None))
            spec.setdefault("data", {})[obj.name] = {"type": obj.type, "path": path}
        else:
            raise SpecError.unsupported(obj, "v2", SUPPORTED)
    if models:
        target = spec.get("deployment", spec)
        target["models"] = sorted(set(target.get("models", [])) | set(models))
    return finish(spec)


def environment(env: Environment | str | None, base_dir: str | os.PathLike[str]
                ) -> dict[str, Any]:
    """A string names a registered environment; an entity is compared by content."""
    if env is None:
        return no_environment()
    if isinstance(env, str):
        return reference_environment(strip_azureml(env))
    if not (env.image or env.conda_file or env.build):
        return reference_environment(f"{env.name}:{env.version}")
    conda = env.conda_file
    if isinstance(conda, (str, os.PathLike)):
        anchor = getattr(env, "base_path", None) or os.fspath(base_dir)
        with open(os.path.join(anchor, os.fspath(conda)), encoding="utf-8") as handle:
            conda = yaml.safe_load(handle)
    return anonymous_environment(env.image, conda if isinstance(conda, Mapping) else None)


def _job(entity: Command | CommandJob, base_dir: str | os.PathLike[str]) -> dict[str, Any]:
    anchor = getattr(entity, "base_path", None)
    job_entity = entity._to_job() if isinstance(entity, Command) else entity
    job = empty_job()
    job["code"] = relative_code(job_entity.code, base_dir, anchor=anchor)
    literals, data_inputs = _inputs(job_entity.inputs or {}, base_dir, anchor, job)
    outputs = _outputs(job_entity.outputs or {}, job)
    job["command"] = v2_tokens(job_entity.command or "", literals, data_inputs, outputs)
    job["environment"] = environment(job_entity.environment, base_dir)
    job["variables"] = {str(k): str(v) for k, v in (job_entity.environment_variables or {}).items()}
    compute = job_entity.compute
    job["compute"] = strip_azureml(compute) if compute else None
    resources = job_entity.resources
    job["instance_count"] = (getattr(resources, "instance_count", None) if resources else None) or 1
    job["distribution"] = _distribution(job_entity.distribution, job["instance_count"])
    return job


def _inputs(inputs: Mapping[str, Any], base_dir: str | os.PathLike[str], anchor: str | None,
            job: dict[str, Any]) -> tuple[dict[str, str | None], set[str]]:
    literals: dict[str, str | None] = {}
    data: set[str] = set()
    for name, value in inputs.items():
        if isinstance(value, Input) and value.type not in _LITERAL_TYPES:
            if value.path is None:
                continue
            data.add(name)
            job["inputs"][name] = {
                "type": value.type,
                "mode": value.mode or _DEFAULT_INPUT_MODE,
                "path": relative_code(value.path, base_dir, anchor=anchor),
            }
        elif isinstance(value, Input):
            literals[name] = _literal(name, value.default)
        else:
            literals[name] = _literal(name, value)
    return literals, data


def _literal(name: str, value: Any) -> str | None:
    """The text the SDK sends for a literal input (today `str(value)`, e.g. `0.1`, `True`)."""
    if value is None:
        return None
    rest = to_rest_dataset_literal_inputs({name: value}, job_type=None)[name]
    text = getattr(rest, "value", None)
    return None if text is None else str(text)


def _outputs(outputs: Mapping[str, Any], job: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for name, value in outputs.items():
        if value is None:
            continue
        names.add(name)
        if isinstance(value, Output):
            kind, mode, path = value.type, value.mode, value.path
        else:
            kind, mode, path = "uri_folder", None, None
        job["outputs"][name] = {
            "type": kind or "uri_folder",
            "mode": mode or _DEFAULT_OUTPUT_MODE,
            "path": strip_azureml(path) if path else None,
        }
    return names


def _distribution(distribution: Any, instance_count: int) -> dict[str, Any] | None:
    if distribution is None:
        return None
    data = dict(distribution) if isinstance(distribution, Mapping) else vars(distribution)
    kind = str(data.get("type", "")).lower()
    if kind == "tensorflow":
        return {"type": "tensorflow",
                "worker_count": data.get("worker_count") or instance_count,
                "parameter_server_count": data.get("parameter_server_count") or 0}
    if kind in ("pytorch", "mpi"):
        return {"type": kind,
                "process_count_per_instance": data.get("process_count_per_instance") or 1}
    return {"type": kind, **{k: v for k, v in sorted(data.items()) if k != "type"}}


def _deployment(deployment: dict[str, Any], entity: OnlineDeployment,
                base_dir: str | os.PathLike[str]) -> None:
    anchor = getattr(entity, "base_path", None)
    config = entity.code_configuration
    if config is not None:
        deployment["code"] = relative_code(config.code, base_dir, anchor=anchor)
        deployment["entry_script"] = str(config.scoring_script).replace(os.sep, "/")
    deployment["environment"] = environment(entity.environment, base_dir)
    model = entity.model
    if model is not None:
        name = model if isinstance(model, str) else _model_name(model)
        deployment["models"] = sorted({*deployment["models"], asset_name(name)})
    deployment["variables"] = {str(k): str(v)
                               for k, v in (entity.environment_variables or {}).items()}
    sku = lookup(entity.instance_type)
    deployment["resources"] = {
        "instance_type": entity.instance_type,
        "cpu": sku.cpu if sku else None,
        "memory_gb": sku.memory_gb if sku else None,
    }
    deployment["instance_count"] = entity.instance_count or 1


def _model_name(model: Any) -> str:
    """A registered model's name; an anonymous one (named by its hash) by its folder's name."""
    name = str(model.name)
    path = getattr(model, "path", None)
    if path and re.fullmatch(r"[0-9a-f]{32,64}", name):
        return Path(str(path)).name
    return name
