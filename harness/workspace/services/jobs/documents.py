"""The job resource as ARM shows it: the submitted body plus what the service fills in.

Field order and defaults of command jobs follow real Azure answers
(real-traffic/command_job_serverless.json). Pipeline and sweep jobs echo their
type-specific fields (``jobs``, ``settings``, ``trial``, ``searchSpace`` ...) as sent.
Keys starting with ``_`` are the service's own bookkeeping and never leave it
(:func:`public_view`).
"""

from __future__ import annotations

import json
from typing import Any

from ...settings import Settings

ML = "Microsoft.MachineLearningServices"
PROCESS_FILES = {"ProcessInfoFile": "azureml-logs/process_info.json",
                 "ProcessStatusFile": "azureml-logs/process_status.json"}
"""Run properties the execution service adds once it takes a job (absent from the PUT answer)."""
COMPUTE_STATUS_TAG = "_aml_system_ComputeTargetStatus"
"""The tag a job on a compute shows its cluster's allocation in (serverless jobs have none)."""


def default_output_uri(job: str) -> str:
    """Where Azure keeps a job's default artifacts (``./outputs``, logs)."""
    return f"azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.{job}"


def named_output_uri(job: str, output: str) -> str:
    """Where Azure writes a named output that was given no path."""
    return f"azureml://datastores/workspaceblobstore/paths/azureml/{job}/{output}/"


def _services(settings: Settings, job: str) -> dict[str, Any]:
    def service(kind: str, endpoint: str) -> dict[str, Any]:
        return {"jobServiceType": kind, "port": None, "endpoint": endpoint, "status": None,
                "errorMessage": None, "properties": None, "nodes": None}

    ws = settings.workspace_arm_id
    studio = (f"https://ml.azure.com/runs/{job}?wsid=/subscriptions/{settings.subscription_id}"
              f"/resourcegroups/{settings.resource_group}/workspaces/{settings.workspace_name}")
    return {"Tracking": service("Tracking", f"azureml://{settings.api_host}/mlflow/v1.0{ws}?"),
            "Studio": service("Studio", studio)}


def _inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    return {name: {"description": None, **value} for name, value in inputs.items()}


def _outputs(job: str, outputs: dict[str, Any], default: bool = True) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in outputs.items():
        if value is None:
            continue
        shown[name] = {"description": None, "uri": value.get("uri") or named_output_uri(job, name),
                       "assetName": value.get("assetName"),
                       "assetVersion": value.get("assetVersion"),
                       "mode": value.get("mode") or "ReadWriteMount",
                       "autoDeleteSetting": None, **{k: v for k, v in value.items()
                                                    if k not in ("uri", "mode")}}
    if not default:
        return shown
    shown["default"] = {"description": None, "uri": default_output_uri(job), "assetName": None,
                        "assetVersion": None, "mode": "ReadWriteMount",
                        "autoDeleteSetting": None, "jobOutputType": "uri_folder"}
    return shown


def job_resource(settings: Settings, name: str, submitted: dict[str, Any],
                 system_data: dict[str, Any]) -> dict[str, Any]:
    """The stored job resource for a submitted ``properties`` body (status: NotStarted)."""
    p = submitted
    resources = {"instanceCount": 1, "maxInstanceCount": None, "instanceType": None,
                 "locations": None, "properties": None, "shmSize": "2g", "dockerArgs": None,
                 **(p.get("resources") or {})}
    properties = {
        "description": p.get("description"), "tags": p.get("tags") or {},
        "properties": {"_azureml.ComputeTargetType": "amlctrain", **(p.get("properties") or {})},
        "displayName": p.get("displayName") or name, "status": "NotStarted",
        "experimentName": p.get("experimentName") or "Default",
        "services": _services(settings, name),
        "computeId": compute_arm_id(settings, p.get("computeId")),
        "isArchived": bool(p.get("isArchived", False)),
        "identity": p.get("identity") or {"identityType": "AMLToken"},
        "componentId": p.get("componentId"), "notificationSetting": p.get("notificationSetting"),
        "secretsConfiguration": p.get("secretsConfiguration"), "jobType": p.get("jobType"),
        "resources": resources, "codeId": p.get("codeId"), "command": p.get("command"),
        "environmentId": p.get("environmentId"),
        "inputs": _inputs(p.get("inputs") or {}),
        "outputs": _outputs(name, p.get("outputs") or {}),
        "distribution": p.get("distribution"), "autologgerSettings": p.get("autologgerSettings"),
        "limits": p.get("limits"), "environmentVariables": p.get("environmentVariables") or {},
        "parameters": p.get("parameters") or {},
        "queueSettings": {"jobTier": "Standard", "priority": None,
                          **(p.get("queueSettings") or {})},
    }
    return {"id": f"{settings.workspace_arm_id}/jobs/{name}", "name": name,
            "type": f"{ML}/workspaces/jobs", "properties": properties,
            "systemData": system_data}


def parent_resource(settings: Settings, name: str, submitted: dict[str, Any],
                    system_data: dict[str, Any], run_properties: dict[str, str]
                    ) -> dict[str, Any]:
    """A pipeline or sweep job resource (status NotStarted): the body plus service fields.

    Pipelines have no ``default`` output on Azure (their logs live on the steps); sweeps
    do, like the command jobs their trials are.
    """
    p = submitted
    pipeline = str(p.get("jobType")).lower() == "pipeline"
    properties = {
        **p,
        "description": p.get("description"), "tags": p.get("tags") or {},
        "properties": {**run_properties, **(p.get("properties") or {})},
        "displayName": p.get("displayName") or name, "status": "NotStarted",
        "experimentName": p.get("experimentName") or "Default",
        "services": _services(settings, name),
        "computeId": compute_arm_id(settings, p.get("computeId")),
        "isArchived": bool(p.get("isArchived", False)),
        "identity": p.get("identity") or ({"identityType": "AMLToken"} if not pipeline
                                          else None),
        "notificationSetting": p.get("notificationSetting"),
        "inputs": _inputs(p.get("inputs") or {}),
        "outputs": _outputs(name, p.get("outputs") or {}, default=not pipeline),
    }
    if pipeline:
        properties.setdefault("sourceJobId", None)
        properties.setdefault("componentId", None)
    return {"id": f"{settings.workspace_arm_id}/jobs/{name}", "name": name,
            "type": f"{ML}/workspaces/jobs", "properties": properties,
            "systemData": system_data}


def compute_arm_id(settings: Settings, reference: Any) -> str | None:
    """The ARM id Azure shows for a job's compute, however the body named it.

    A compute is named by ARM id (what azure-ai-ml sends), ``azureml:<name>`` or a bare
    name (pipeline steps); null stays null: a serverless job has no compute id (as in
    real-traffic/command_job_serverless.json).
    """
    if not reference:
        return None
    name = str(reference).rstrip("/").rsplit("/", 1)[-1].removeprefix("azureml:")
    known = {k.lower(): k for k in settings.computes}
    return f"{settings.workspace_arm_id}/computes/{known.get(name.lower(), name)}"


def compute_target_status(status: str) -> str:
    """The ``_aml_system_ComputeTargetStatus`` tag: one node while the job holds one."""
    running = int(status in ("Running", "Finalizing"))
    preparing = int(status == "Preparing")
    return json.dumps({"AllocationState": "steady", "PreparingNodeCount": preparing,
                       "RunningNodeCount": running, "CurrentNodeCount": running + preparing},
                      separators=(",", ":"))


def submitted_view(document: dict[str, Any]) -> dict[str, Any]:
    """The PUT answer: the resource before the execution service has added its fields."""
    return public_view(document, executing=False)


def public_view(document: dict[str, Any], *, executing: bool = True) -> dict[str, Any]:
    """The resource as ARM answers it; a pipeline step or sweep trial has no properties.

    azure-ai-ml recognises a child job by ``properties`` being null and then reads it
    from run history instead (``_is_pipeline_child_job``), as Azure no longer serves
    child jobs through the jobs API. Once submitted, a command or sweep job shows the
    process files the execution service adds, and, on a compute, its allocation tag.
    """
    shown = {k: v for k, v in document.items() if not k.startswith("_")}
    if document.get("_parent"):
        shown["properties"] = None
    elif executing and str(document["properties"].get("jobType")).lower() != "pipeline":
        properties = shown["properties"] = dict(document["properties"])
        properties["properties"] = {**properties.get("properties", {}), **PROCESS_FILES}
        if properties.get("computeId"):
            properties["tags"] = {**(properties.get("tags") or {}),
                                  COMPUTE_STATUS_TAG: compute_target_status(
                                      str(properties.get("status")))}
    return shown
