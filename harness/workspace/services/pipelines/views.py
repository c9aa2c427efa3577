"""Pipeline runs and their nodes as the pipeline SDK reads them: statuses, outputs, logs.

The driver of a submitted run (:mod:`harness.workspace.executor.pipelines.orchestrator`)
records each node's end; until then a node's status follows its step run live.
"""

from __future__ import annotations

from typing import Any

from ...context import WorkspaceContext
from ..execution.models import ExecutionBackend
from ..runhistory.models import RunStore
from . import exceptions
from .models import NODE_DONE, NODE_STATUS, PipelineEntities, blob_data_location

Doc = dict[str, Any]


class PipelineRunViews:
    """The wire documents of pipeline runs and of their nodes."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.entities = context.backend(PipelineEntities)
        self.runs = context.backend(RunStore)
        self.execution = context.backend(ExecutionBackend)

    def pipeline_run(self, run_id: str) -> Doc:
        entity = self.entities.pipeline_run(run_id)
        return {k: v for k, v in entity.items() if not k.startswith("_")}

    def node_status(self, run_id: str, node_id: str) -> Doc:
        """A ``TaskStatus``; a running node's status follows its step run live."""
        node = self.entities.nodes(run_id).get(node_id)
        if node is None:
            return {"StatusCode": "NotStarted", "RunId": None}
        status = dict(node["Status"])
        if status.get("StatusCode") not in NODE_DONE and status.get("RunId"):
            found = self.runs.find_run(str(status["RunId"]))
            if found is not None:
                status["StatusCode"] = NODE_STATUS.get(str(found.get("status")), "Running")
                status["StartTime"] = found.get("startTimeUtc")
        return status

    def node_statuses(self, run_id: str) -> dict[str, Doc]:
        return {node_id: self.node_status(run_id, node_id)
                for node_id in self.entities.nodes(run_id)}

    def node_outputs(self, run_id: str, node_id: str) -> dict[str, Doc]:
        node = self.entities.nodes(run_id).get(node_id)
        if node is None:
            raise exceptions.not_found("Node", node_id)
        return {name: {"DataTypeId": "AnyDirectory", "LogicalSizeInBytes": None,
                       "PhysicalSizeInBytes": None, "Hash": None,
                       "DataLocation": blob_data_location(location["datastore"],
                                                          location["path"])}
                for name, location in (node.get("Outputs") or {}).items()}

    def node_log(self, run_id: str, node_id: str, kind: str) -> str:
        """The step's driver log (stdout and stderr are one stream here, as on Azure v1)."""
        step_run = self.node_status(run_id, node_id).get("RunId")
        return self.execution.driver_log(str(step_run)) if step_run else ""
