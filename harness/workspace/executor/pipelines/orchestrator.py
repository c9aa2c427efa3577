"""Drive submitted v1 pipelines: steps in dependency order, each a v1 script run, with reuse.

A pipeline run is a run-history run (``azureml.PipelineRun``) whose children are its
step runs (``azureml.StepRun``), submitted through the v1 execution service
(``ExecutionBackend.submit``), so logs, metrics, outputs and cancellation behave as for
ScriptRunConfig runs. One thread per active pipeline run starts every step whose
upstream steps finished and follows the step runs' statuses; what the pipeline SDK reads
back (statuses, outputs, logs) is :mod:`harness.workspace.services.pipelines.views`.

Reuse (``allow_reuse``) is decided by :mod:`.reuse`.

A step that fails fails the pipeline (error naming the failed node) once running steps
end; with ``continue_on_step_failure`` steps that do not depend on it still run.
Restart: active pipeline runs are picked up again when the server starts (their step
runs are resumed by the execution service).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from ...services.datasets.models import DatasetStore, datastore_paths
from ...services.execution.models import ExecutionBackend
from ...services.pipelines import exceptions
from ...services.pipelines.models import NODE_DONE, NODE_STATUS, PipelineEntities
from ...services.runhistory.models import TERMINAL, RunStore, error_document
from .reuse import ReuseIndex, reuse_key
from .steps import DataLocation, Datastores, StepPlan, build_plan, clear_outputs

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25

Doc = dict[str, Any]


class PipelineOrchestrator:
    """Drives submitted pipeline runs: one thread each, until every step has ended."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.entities = context.backend(PipelineEntities)
        self.runs = context.backend(RunStore)
        self.execution = context.backend(ExecutionBackend)
        self.datastores = Datastores(context)
        self.reuse = ReuseIndex(context)
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.RLock()

    # submission -------------------------------------------------------------------------
    def submit(self, run_id: str, parent_run_id: str | None = None) -> None:
        entity = self.entities.pipeline_run(run_id)
        if entity.get("IsSubmitted"):
            return
        graph = self.entities.graph(str(entity["GraphId"]))
        nodes = {str(n["Id"]): {"Status": {"StatusCode": "NotStarted", "RunId": None},
                                "Outputs": {}}
                 for n in graph.get("ModuleNodes") or []}
        self.entities.update_pipeline_run(
            run_id, IsSubmitted=True, _Nodes=nodes,
            Status={**entity["Status"], "StatusCode": "Running"})
        self.runs.update_run(run_id, parentRunId=parent_run_id)
        self.runs.set_status(run_id, "Running")
        self._start(run_id)

    def _start(self, run_id: str) -> None:
        with self._lock:
            thread = self._threads.get(run_id)
            if thread is not None and thread.is_alive():
                return
            thread = threading.Thread(target=self._drive_safely, args=(run_id,),
                                      name=f"pipeline-{run_id[:8]}", daemon=True)
            self._threads[run_id] = thread
            thread.start()

    def cancel(self, run_id: str) -> None:
        """Cancel running steps; the driving thread then ends the pipeline as Canceled."""
        self.entities.update_pipeline_run(run_id, _CancelRequested=True)
        for node in self.entities.nodes(run_id).values():
            step_run = node["Status"].get("RunId")
            if step_run and node["Status"].get("StatusCode") not in NODE_DONE:
                self.execution.cancel(str(step_run))
        entity = self.entities.pipeline_run(run_id)
        if not entity.get("IsSubmitted"):
            self._finish(run_id, "Canceled", None)

    # driving ----------------------------------------------------------------------------
    def _drive_safely(self, run_id: str) -> None:
        try:
            self._drive(run_id)
        except Exception as exc:
            log.exception("pipeline run %s failed in the local workspace", run_id)
            self._finish(run_id, "Failed", f"The local workspace could not run the pipeline: "
                         f"{type(exc).__name__}: {exc}")

    def _drive(self, run_id: str) -> None:
        entity = self.entities.pipeline_run(run_id)
        graph = self.entities.graph(str(entity["GraphId"]))
        modules = {str(n["Id"]): n for n in graph.get("ModuleNodes") or []}
        datasets = {str(n["Id"]): n for n in graph.get("DatasetNodes") or []}
        upstream: dict[str, list[tuple[str, str, str]]] = {n: [] for n in modules}
        for edge in graph.get("Edges") or []:
            src, dst = edge.get("SourceOutputPort") or {}, edge.get("DestinationInputPort") or {}
            if dst.get("NodeId") in upstream:
                upstream[str(dst["NodeId"])].append(
                    (str(src.get("NodeId")), str(src.get("PortName")), str(dst.get("PortName"))))
        params = self._pipeline_parameters(entity)
        keep_going = bool(entity.get("ContinueOnStepFailure"))
        while True:
            self._follow(run_id, self.entities.nodes(run_id))
            entity = self.entities.pipeline_run(run_id)
            nodes: dict[str, Doc] = entity.get("_Nodes") or {}
            cancel = bool(entity.get("_CancelRequested"))
            states = {n: self._state(nodes[n]) for n in modules}
            failed = [n for n, s in states.items() if s in ("Failed", "Canceled")]
            active = [n for n, s in states.items() if s not in NODE_DONE and s != "NotStarted"]
            if not (cancel or (failed and not keep_going)):
                for node_id in modules:
                    if states[node_id] != "NotStarted":
                        continue
                    deps = upstream[node_id]
                    if any(s in modules and states[s] in ("Failed", "Canceled", "Bypassed")
                           for s, _, _ in deps):
                        self._set_node(run_id, node_id, {"StatusCode": "Bypassed"})
                        states[node_id] = "Bypassed"
                        continue
                    if all(s not in modules or states[s] == "Finished" for s, _, _ in deps):
                        self._launch(run_id, entity, modules[node_id], deps, datasets, params)
                        states[node_id] = "Queued"
                        active.append(node_id)
            if not active:
                if cancel:
                    self._finish(run_id, "Canceled", None)
                elif failed:
                    self._finish(run_id, "Failed", self._failed_message(run_id))
                else:
                    self._finish(run_id, "Finished", None)
                return
            time.sleep(POLL_SECONDS)

    def _pipeline_parameters(self, entity: Doc) -> dict[str, str]:
        """PipelineParameter values: the submission's, else the graph interface's defaults."""
        interface = self.entities.graph_interface(str(entity["GraphId"]))
        values = {str(p["Name"]): str(p["DefaultValue"])
                  for p in interface.get("Parameters") or []
                  if p.get("Name") and p.get("DefaultValue") is not None}
        values.update({str(k): str(v)
                       for k, v in (entity.get("ParameterAssignments") or {}).items()})
        return values

    @staticmethod
    def _state(node: Doc) -> str:
        return str(node["Status"].get("StatusCode") or "NotStarted")

    def _follow(self, run_id: str, nodes: dict[str, Doc]) -> None:
        """Record the end of step runs that finished since the last look."""
        for node_id, node in nodes.items():
            status = node["Status"]
            if status.get("StatusCode") in NODE_DONE or not status.get("RunId"):
                continue
            run = self.runs.find_run(str(status["RunId"]))
            if run is None or run.get("status") not in TERMINAL:
                continue
            code = NODE_STATUS[str(run["status"])]
            if code == "Finished":
                for location in (node.get("Outputs") or {}).values():
                    self.datastores.publish(DataLocation(**location))
                if node.get("_Reuse") and not status.get("ReuseInfo"):
                    self.reuse.remember(str(node["_Reuse"]), str(status["RunId"]),
                                        node.get("Outputs") or {})
            self._set_node(run_id, node_id, {"StatusCode": code,
                                             "EndTime": run.get("endTimeUtc") or iso_time()})

    def _set_node(self, run_id: str, node_id: str, status: Doc, **fields: Any) -> None:
        with self._lock:
            nodes = dict(self.entities.pipeline_run(run_id).get("_Nodes") or {})
            node = dict(nodes.get(node_id) or {"Status": {}, "Outputs": {}})
            node["Status"] = {**node.get("Status", {}), **status}
            node.update(fields)
            nodes[node_id] = node
            self.entities.update_pipeline_run(run_id, _Nodes=nodes)

    def _inputs(self, run_id: str, deps: list[tuple[str, str, str]],
                datasets: dict[str, Doc]) -> dict[str, DataLocation]:
        nodes = self.entities.nodes(run_id)
        entity_params = self.entities.pipeline_run(run_id).get(
            "DataSetDefinitionValueAssignments") or {}
        found: dict[str, DataLocation] = {}
        for source, port, target in deps:
            if source in nodes:
                location = (nodes[source].get("Outputs") or {}).get(port)
                if location is not None:
                    found[target] = DataLocation(**location)
            elif source in datasets and datasets[source].get("DatasetId"):
                entity = self.entities.datasource(str(datasets[source]["DatasetId"]))
                ref = ((entity.get("DataLocation") or {}).get("DataReference") or {}).get(
                    "AzureBlobReference") or {}
                found[target] = DataLocation(str(ref.get("AmlDataStoreName")),
                                             str(ref.get("RelativePath") or ""))
            elif source in datasets:
                found[target] = self._dataset_location(datasets[source], entity_params)
        return found

    def _dataset_location(self, node: Doc, params: dict[str, Any]) -> DataLocation:
        """Where a v1 dataset input (``as_named_input(...).as_mount()``) reads from."""
        definition = node.get("DataSetDefinition") or {}
        value = definition.get("Value") or {}
        if definition.get("ParameterName") and not value:
            value = params.get(str(definition["ParameterName"])) or {}
        registered = value.get("DataSetReference") or {}
        saved_ref = value.get("SavedDataSetReference") or {}
        store = self.context.backend(DatasetStore)
        version = None if registered.get("Version") is None else str(registered["Version"])
        if registered.get("Name"):
            dto = store.by_name(str(registered["Name"]), version)
            saved = store.saved(str(dto["latest"]["savedDatasetId"]))
        elif registered.get("Id") and store.is_registered(str(registered["Id"])):
            dto = store.by_id(str(registered["Id"]), version)
            saved = store.saved(str(dto["latest"]["savedDatasetId"]))
        else:
            saved = store.saved(str(registered.get("Id") or saved_ref.get("Id") or ""))
        paths = datastore_paths(saved.get("dataflowJson"))
        if len(paths) != 1:
            raise exceptions.bad_graph("the local workspace mounts datasets that read exactly "
                                       f"one datastore path; this one reads {len(paths)}")
        return DataLocation(*paths[0])

    def _launch(self, run_id: str, entity: Doc, node: Doc, deps: list[tuple[str, str, str]],
                datasets: dict[str, Doc], params: dict[str, str]) -> None:
        module = self.entities.module_entity(str(node["ModuleId"]))
        step_run_id = str(uuid.uuid4())
        plan = build_plan(self.datastores, module=module, node=node, step_run_id=step_run_id,
                          inputs=self._inputs(run_id, deps, datasets), pipeline_params=params)
        experiment = str(entity["RunHistoryExperimentName"])
        previous = self.reuse.find(plan)
        if previous is not None:
            self._reuse(run_id, experiment, plan, previous)
            return
        definition = {**plan.definition, "ParentRunId": run_id}
        fields = {"runType": "azureml.StepRun", "name": plan.name, "displayName": plan.name,
                  "tags": {"azureml.nodeid": plan.node_id, "azureml.pipeline": run_id},
                  "properties": self._step_properties(run_id, plan, module)}
        self._set_node(run_id, plan.node_id,
                       {"StatusCode": "Queued", "RunId": step_run_id,
                        "CreationTime": iso_time()},
                       Outputs={k: v.__dict__ for k, v in plan.outputs.items()},
                       _Reuse=reuse_key(plan), _Plan=plan.reuse_material)
        clear_outputs(self.datastores, plan.outputs)
        for location in plan.outputs.values():
            self.datastores.folder(location).mkdir(parents=True, exist_ok=True)
        cancel_uri = (f"https://{self.context.settings.api_host}/execution/v1.0"
                      f"{self.context.settings.workspace_arm_id}/experiments/{experiment}"
                      f"/runId/{step_run_id}/cancel")
        self.execution.submit(experiment, step_run_id, definition, cancel_uri,
                              run_fields=fields, extra_env=plan.env)

    @staticmethod
    def _step_properties(run_id: str, plan: StepPlan, module: Doc) -> dict[str, str]:
        return {"azureml.runsource": "azureml.StepRun", "StepType": str(
                    module.get("StepType") or "PythonScriptStep"),
                "ComputeTargetType": "AmlCompute", "azureml.moduleid": plan.module_id,
                "azureml.moduleName": plan.name, "azureml.nodeid": plan.node_id,
                "azureml.pipelinerunid": run_id, "azureml.pipeline": run_id,
                "azureml.rootpipelinerunid": run_id,
                "azureml.pipelineComponent": "masterescloud",
                "azureml.reusedstep": "False"}

    def _reuse(self, run_id: str, experiment: str, plan: StepPlan, previous: Doc) -> None:
        reused_id, info = self.reuse.reused_child(run_id, experiment, plan, previous)
        now = iso_time()
        self._set_node(run_id, plan.node_id,
                       {"StatusCode": "Finished", "RunId": reused_id, "CreationTime": now,
                        "StartTime": now, "EndTime": now, "ReuseInfo": info},
                       Outputs=dict(previous.get("Outputs") or {}))

    # ending -------------------------------------------------------------------------------
    def _finish(self, run_id: str, status: str, error: str | None) -> None:
        entity = self.entities.pipeline_run(run_id)
        self.entities.update_pipeline_run(
            run_id, HasErrors=status == "Failed",
            Status={**entity["Status"], "StatusCode": status, "EndTime": iso_time(),
                    "StatusDetail": error})
        history = {"Finished": "Completed", "Failed": "Failed", "Canceled": "Canceled"}[status]
        self.runs.set_status(run_id, history,
                             error=error_document(error) if error else None)

    def _failed_message(self, run_id: str) -> str:
        names = []
        for node in self.entities.nodes(run_id).values():
            if node["Status"].get("StatusCode") in ("Failed", "Canceled"):
                step = self.runs.find_run(str(node["Status"].get("RunId"))) or {}
                names.append(f"/{step.get('name') or '?'}")
        return (f"Pipeline has failed child jobs. Failed nodes: {', '.join(names)}. For more "
                "details and logs, please go to the job detail page and check the child jobs.")

    # restart ------------------------------------------------------------------------------
    def resume(self) -> None:
        """Drive again every submitted pipeline run a previous server left unfinished."""
        for entity in self.entities.pipeline_runs():
            code = (entity.get("Status") or {}).get("StatusCode")
            if entity.get("IsSubmitted") and code not in ("Finished", "Failed", "Canceled"):
                log.info("resuming pipeline run %s", entity["Id"])
                self._start(str(entity["Id"]))


def start_pipelines(context: WorkspaceContext) -> None:
    """Server start: resume pipeline runs left active (after the execution service's jobs)."""
    context.backend(PipelineOrchestrator).resume()
