"""v2 pipeline jobs of command components: steps run in dependency order as child jobs.

azure-ai-ml registers each step's component first (anonymous ones as
``components/azureml_anonymous/versions/<hash>``, see the assets service) and then PUTs
a ``Pipeline`` job whose ``jobs`` map node names to ``{type, componentId, inputs,
outputs}``. Node inputs are literals, data, or bindings: ``${{parent.inputs.x}}`` (a
pipeline input) and ``${{parent.jobs.a.outputs.y}}`` (a step's output, which makes the
step depend on ``a``); node outputs may bind ``${{parent.outputs.z}}`` (a pipeline
output).

Each step becomes a command job named by a GUID, as Azure names step jobs, with
``parentRunId`` = the pipeline, run by the shared executor. A step's outputs go to
``azureml/<step job>/<output>/`` unless a path was given; a downstream step mounts them
as its ``uri_folder`` input. A failed step fails the pipeline naming the node; steps not
yet started are never created and running ones are canceled (unless
``settings.continue_on_step_failure``). Deterministic steps may be reused
(:mod:`.reuse`). Node types other than ``command`` (parallel, sweep, sub-pipelines,
control flow) are refused at submission.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from ...services.assets.models import AssetBackend
from ...services.jobs import exceptions
from ...services.jobs.documents import named_output_uri
from ..states import RunStatus
from . import reuse
from .parents import ParentRun

_PARENT_INPUT = re.compile(r"\$\{\{\s*parent\.inputs\.([\w.-]+)\s*\}\}")
_STEP_OUTPUT = re.compile(r"\$\{\{\s*parent\.jobs\.([\w-]+)\.outputs\.([\w.-]+)\s*\}\}")
_PIPELINE_OUTPUT = re.compile(r"\$\{\{\s*parent\.outputs\.([\w.-]+)\s*\}\}")
_DATA_TYPES = frozenset({"uri_folder", "uri_file", "mltable", "mlflow_model", "custom_model",
                         "triton_model"})
STEP_RUN_TYPE = "azureml.StepRun"


def _get(mapping: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` present: node bodies mix snake_case and camelCase."""
    for key in keys:
        if mapping.get(key) is not None:
            return mapping[key]
    return None


def _flag(settings: dict[str, Any], snake: str, camel: str) -> bool:
    return str(_get(settings, snake, camel)).lower() == "true"


def _asset_id(reference: Any) -> str | None:
    return str(reference).removeprefix("azureml:") if reference else None


@dataclass
class Step:
    """One node of the pipeline and the component it runs."""

    node: str
    body: dict[str, Any]
    component_id: str
    spec: dict[str, Any]
    upstream: set[str] = field(default_factory=set)


class PipelineRun(ParentRun):
    """Drives one pipeline job."""

    run_type = "azureml.PipelineRun"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps: dict[str, Step] = {}
        self.settings_body: dict[str, Any] = dict(self.props.get("settings") or {})
        self.step_outputs: dict[str, dict[str, dict[str, Any]]] = {}
        self.keys: dict[str, str] = {}

    # submission ---------------------------------------------------------------------------
    def validate(self) -> None:
        jobs = self.props.get("jobs")
        if not isinstance(jobs, dict) or not jobs:
            raise exceptions.bad_request("A pipeline job needs at least one job under 'jobs'.")
        assets = self.backend.context.backend(AssetBackend)
        for node, body in jobs.items():
            kind = str(body.get("type") or "").lower()
            if kind != "command":
                raise exceptions.unsupported_node_type(node, kind)
            component_id = _asset_id(_get(body, "componentId", "component_id"))
            if not component_id:
                raise exceptions.bad_request(f"Pipeline node '{node}' names no component.")
            spec = assets.resolve(component_id)["properties"]["componentSpec"]
            self.backend.check_assets(_asset_id(spec.get("code")),
                                      _asset_id(spec.get("environment")))
            self.backend.check_compute(_get(body, "computeId", "compute"))
            self.steps[node] = Step(node, body, component_id, spec, self._upstream(body))
        for step in self.steps.values():
            unknown = step.upstream - self.steps.keys()
            if unknown:
                raise exceptions.bad_request(
                    f"Pipeline node '{step.node}' uses outputs of "
                    f"{', '.join(sorted(unknown))}, which the pipeline does not have.")
        self._check_acyclic()
        if not self.props.get("computeId") and not self._default_compute():
            missing = [s.node for s in self.steps.values()
                       if not _get(s.body, "computeId", "compute")]
            if missing:
                raise exceptions.bad_request(
                    f"Pipeline nodes {', '.join(missing)} have no compute, and the pipeline "
                    "sets neither compute nor settings.default_compute.")

    @staticmethod
    def _upstream(body: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        for value in (body.get("inputs") or {}).values():
            text = json.dumps(value)
            found.update(match.group(1) for match in _STEP_OUTPUT.finditer(text))
        return found

    def _check_acyclic(self) -> None:
        done: set[str] = set()
        remaining = dict(self.steps)
        while remaining:
            ready = [n for n, s in remaining.items() if s.upstream <= done]
            if not ready:
                raise exceptions.bad_request(
                    f"Pipeline nodes {', '.join(sorted(remaining))} depend on each other in "
                    "a cycle.")
            for node in ready:
                done.add(node)
                del remaining[node]

    def _default_compute(self) -> Any:
        return _get(self.settings_body, "default_compute", "defaultCompute")

    def run_properties(self) -> dict[str, str]:
        literals = {name: value.get("value") for name, value in
                    (self.props.get("inputs") or {}).items()
                    if str(value.get("jobInputType", "")).lower() == "literal"}
        compute = str(self.props.get("computeId") or self._default_compute() or "")
        return {
            "azureml.DevPlatv2": "true", "azureml.runsource": "azureml.PipelineRun",
            "runSource": "MFE", "runType": "HTTP", "azureml.parameters": json.dumps(literals),
            "azureml.continue_on_step_failure": str(self._continue_on_failure()),
            "azureml.continue_on_failed_optional_input": "True",
            "azureml.enforceRerun": str(self._force_rerun()),
            "azureml.defaultComputeName": compute.rstrip("/").rsplit("/", 1)[-1],
            "azureml.defaultDataStoreName": "workspaceblobstore",
            "azureml.pipelineComponent": "pipelinerun",
        }

    def _force_rerun(self) -> bool:
        return _flag(self.settings_body, "force_rerun", "forceRerun")

    def _continue_on_failure(self) -> bool:
        return _flag(self.settings_body, "continue_on_step_failure", "continueOnStepFailure")

    # driving --------------------------------------------------------------------------------
    def drive(self) -> None:
        self.backend.set_status(self.name, "Running")
        waiting = list(self.steps)
        running: dict[str, str] = {}  # child job -> node
        ended: dict[str, str] = {}  # node -> terminal status
        failed: list[str] = []
        while True:
            if self.canceled:
                self.stop_children(running)
                self.finish("Canceled")
                return
            if not failed or self._continue_on_failure():
                for node in [n for n in waiting if self.steps[n].upstream <= ended.keys()]:
                    waiting.remove(node)
                    if any(ended[u] != "Completed" for u in self.steps[node].upstream):
                        ended[node] = "NotStarted"  # an input was never made: never started
                        continue
                    child, status = self._launch(self.steps[node])
                    if status is None:
                        running[child] = node
                    else:
                        ended[node] = status
            if not running:
                ready = [n for n in waiting if self.steps[n].upstream <= ended.keys()]
                if ready and (not failed or self._continue_on_failure()):
                    continue  # steps after reused ones are ready now
                break
            for child, status in self.wait_any(running).items():
                node = running.pop(child)
                ended[node] = status.value
                if status is RunStatus.COMPLETED:
                    self._remember(child, node)
                elif status is RunStatus.FAILED:
                    failed.append(node)
            if failed and not self._continue_on_failure() and running:
                for child, status in self.stop_children(running).items():
                    ended[running.pop(child)] = status.value
        if failed:
            self.finish("Failed", failure_message(failed))
        elif any(status == "Canceled" for status in ended.values()):
            self.finish("Canceled")
        else:
            self.finish("Completed")

    def _launch(self, step: Step) -> tuple[str, str | None]:
        """Start (or reuse) a step; returns its job name and, if already ended, its status."""
        child = str(uuid.uuid4())
        inputs = self._inputs(step)
        outputs, fixed, bound = self._outputs(step, child)
        env_vars = {**(step.spec.get("environment_variables") or {}),
                    **(_get(step.body, "environment_variables", "environmentVariables") or {})}
        properties = {
            "jobType": "Command", "command": step.spec.get("command"),
            "codeId": _asset_id(step.spec.get("code")),
            "environmentId": _asset_id(step.spec.get("environment")),
            "inputs": inputs, "outputs": outputs,
            "computeId": (_get(step.body, "computeId", "compute") or self.props.get("computeId")
                          or self._default_compute()),
            "experimentName": self.props.get("experimentName"),
            "displayName": _get(step.body, "display_name", "displayName") or step.node,
            "environmentVariables": env_vars, "resources": step.body.get("resources"),
            "limits": step.body.get("limits"), "tags": step.body.get("tags") or {},
            "properties": {},
        }
        run_properties = {
            "azureml.nodeid": step.node, "azureml.pipeline": self.name,
            "azureml.pipelinerunid": self.name, "azureml.runsource": STEP_RUN_TYPE,
            "azureml.moduleid": step.component_id,
            "azureml.moduleName": str(step.spec.get("name") or step.node),
            "azureml.isreused": "false",
        }
        key = None
        if reuse.is_deterministic(step.spec):
            key = reuse.step_key(self.backend.context, step.spec, inputs, fixed, env_vars)
        found = reuse.find(self.backend.context, key) if key and not self._force_rerun() else None
        if found is not None and set(found.outputs) >= set(outputs):
            for name, value in outputs.items():
                value["uri"] = found.outputs[name]
            run_properties.update({"azureml.isreused": "true", "azureml.reusedrunid": found.job,
                                   "azureml.reusednodeid": found.node,
                                   "azureml.reusedpipelinerunid": found.pipeline})
            self._bind(step, outputs, bound)
            self.backend.record_child(child, properties, parent=self.name,
                                      run_type=STEP_RUN_TYPE, status="Completed",
                                      run_properties=run_properties)
            return child, "Completed"
        if key:
            self.keys[child] = key
        self._bind(step, outputs, bound)
        self.backend.submit_command(child, properties, run_type=STEP_RUN_TYPE, parent=self.name,
                                    run_properties=run_properties)
        return child, None

    def _inputs(self, step: Step) -> dict[str, Any]:
        """The step's inputs as a command job's: literals and data URIs, bindings resolved."""
        given = dict(step.body.get("inputs") or {})
        resolved: dict[str, Any] = {}
        for name, definition in (step.spec.get("inputs") or {}).items():
            if name not in given and definition.get("default") is not None:
                resolved[name] = {"jobInputType": "literal",
                                  "value": str(definition["default"])}
        for name, value in given.items():
            shown = self._input(value)
            if shown is not None:
                resolved[name] = shown
        return resolved

    def _input(self, value: dict[str, Any]) -> dict[str, Any] | None:
        kind = str(_get(value, "job_input_type", "jobInputType") or "literal").lower()
        mode = value.get("mode")
        if kind != "literal":
            uri = value.get("uri") or value.get("path")
            return {"jobInputType": kind, "uri": uri, "mode": mode} if uri else None
        text = str(value.get("value", ""))
        step_output = _STEP_OUTPUT.fullmatch(text.strip())
        if step_output:
            node, output = step_output.groups()
            made = self.step_outputs.get(node, {}).get(output)
            if made is None:
                return None
            return {"jobInputType": made["jobOutputType"], "uri": made["uri"],
                    "mode": mode or "ReadOnlyMount"}
        parent_input = _PARENT_INPUT.fullmatch(text.strip())
        if parent_input:
            source = (self.props.get("inputs") or {}).get(parent_input.group(1))
            if source is None:
                return None
            source_kind = str(source.get("jobInputType") or "literal").lower()
            if source_kind == "literal":
                return {"jobInputType": "literal", "value": source.get("value")}
            return {"jobInputType": source_kind, "uri": source.get("uri"),
                    "mode": mode or source.get("mode")}
        return {"jobInputType": "literal", "value": _PARENT_INPUT.sub(self._literal, text)}

    def _literal(self, match: re.Match[str]) -> str:
        source = (self.props.get("inputs") or {}).get(match.group(1)) or {}
        return str(source.get("value", source.get("uri", match.group(0))))

    def _outputs(self, step: Step, child: str
                 ) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        """(outputs of the child job, those with a fixed path, output -> pipeline output)."""
        given = dict(step.body.get("outputs") or {})
        pipeline_outputs = self.props.get("outputs") or {}
        outputs: dict[str, Any] = {}
        fixed: dict[str, str] = {}
        bound: dict[str, str] = {}
        for name, definition in (step.spec.get("outputs") or {}).items():
            value = given.get(name) or {}
            kind = str(_get(value, "job_output_type", "jobOutputType")
                       or definition.get("type") or "uri_folder").lower()
            if kind not in _DATA_TYPES:
                kind = str(definition.get("type") or "uri_folder")
            uri = value.get("uri") or value.get("path")
            mode = value.get("mode")
            target = _PIPELINE_OUTPUT.fullmatch(str(value.get("value", "")).strip())
            if target:
                bound[name] = target.group(1)
                pipeline_output = pipeline_outputs.get(target.group(1)) or {}
                uri = uri or pipeline_output.get("uri")
                mode = mode or pipeline_output.get("mode")
            if uri:
                fixed[name] = uri
            outputs[name] = {"jobOutputType": kind, "uri": uri or named_output_uri(child, name),
                             "mode": mode or "ReadWriteMount"}
        return outputs, fixed, bound

    def _bind(self, step: Step, outputs: dict[str, Any], bound: dict[str, str]) -> None:
        """Record where the step's outputs are, for later steps and the pipeline's outputs."""
        self.step_outputs[step.node] = outputs
        if not bound:
            return

        def point(document: dict[str, Any]) -> None:
            shown = document["properties"]["outputs"]
            for output, pipeline_output in bound.items():
                if pipeline_output in shown:
                    shown[pipeline_output]["uri"] = outputs[output]["uri"]

        self.backend.update_document(self.name, point)

    def _remember(self, child: str, node: str) -> None:
        key = self.keys.pop(child, None)
        if key:
            outputs = {name: value["uri"] for name, value in self.step_outputs[node].items()}
            reuse.remember(self.backend.context, key,
                           reuse.Reusable(job=child, pipeline=self.name, node=node,
                                          outputs=outputs))


def failure_message(nodes: list[str]) -> str:
    """What Azure says when steps failed, naming them as node paths."""
    names = ", ".join(f"/{node}" for node in nodes)
    return (f"Pipeline has failed child jobs. Failed nodes: {names}. For more details and "
            "logs, please go to the job detail page and check the child jobs.")
