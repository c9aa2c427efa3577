"""Step reuse, as Azure does it for v1 pipelines (``allow_reuse=True``).

A step whose module allows reuse, whose node does not ask to regenerate its outputs,
and whose module, parameters, run configuration and input data are the same as those of
a step that completed before (in any pipeline of the workspace) is not run again. The
new pipeline run gets a child run of type ``azureml.ReusedStepRun`` whose tags point at
the earlier run (``StepRun._from_reused_dto`` then shows the earlier StepRun, with its
metrics), and the node's outputs are the earlier outputs. A re-run upstream step writes
to new locations, so the steps that read them run again too.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from ...services.runhistory.models import RunStore
from .steps import StepPlan

REUSE = "pipelines.reuse"
"""Collection: reuse key -> the completed step run that produced it."""

Doc = dict[str, Any]


def reuse_key(plan: StepPlan) -> str:
    """What makes two steps the same for reuse."""
    text = json.dumps(plan.reuse_material, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class ReuseIndex:
    """Completed step runs by reuse key, and the reused child runs that point at them."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store
        self.runs = context.backend(RunStore)

    def find(self, plan: StepPlan) -> Doc | None:
        """The earlier completed step run ``plan`` may reuse, if any."""
        if not plan.reusable:
            return None
        previous = self.store.get(REUSE, reuse_key(plan))
        if previous is None:
            return None
        run = self.runs.find_run(str(previous["RunId"]))
        return previous if run is not None and run.get("status") == "Completed" else None

    def remember(self, key: str, step_run_id: str, outputs: Doc) -> None:
        """Record a completed step run so an identical later step can reuse it."""
        run = self.runs.find_run(step_run_id) or {}
        tags = run.get("tags") or {}
        self.store.put(REUSE, key, {
            "RunId": step_run_id, "NodeId": tags.get("azureml.nodeid"),
            "PipelineRunId": tags.get("azureml.pipeline"),
            "ExperimentId": run.get("experimentId"), "Outputs": outputs,
            "StartTime": run.get("startTimeUtc"), "EndTime": run.get("endTimeUtc")})

    def reused_child(self, run_id: str, experiment: str, plan: StepPlan,
                     previous: Doc) -> tuple[str, Doc]:
        """Create the ReusedStepRun child; its id and the node's ``ReuseInfo``."""
        reused_id = str(uuid.uuid4())
        now = iso_time()
        self.runs.create_run(
            experiment, reused_id, runType="azureml.ReusedStepRun", name=plan.name,
            displayName=plan.name, parentRunId=run_id, status="Completed", startTimeUtc=now,
            endTimeUtc=now, target=plan.definition["Configuration"].get("target"),
            tags={"azureml.nodeid": plan.node_id, "azureml.pipeline": run_id,
                  "azureml.reusedrunid": previous["RunId"],
                  "azureml.reusednodeid": previous.get("NodeId"),
                  "azureml.reusedpipeline": previous.get("PipelineRunId")},
            properties={"azureml.runsource": "azureml.StepRun", "azureml.reusedstep": "True",
                        "azureml.reusedrunid": previous["RunId"],
                        "azureml.reusednodeid": str(previous.get("NodeId")),
                        "azureml.reusedpipelinerunid": str(previous.get("PipelineRunId")),
                        "azureml.nodeid": plan.node_id, "azureml.pipeline": run_id,
                        "StepType": "PythonScriptStep"})
        info = {"ExperimentId": previous.get("ExperimentId"), "NodeId": previous.get("NodeId"),
                "RunId": previous["RunId"], "RequestId": None,
                "NodeStartTime": previous.get("StartTime"),
                "NodeEndTime": previous.get("EndTime")}
        return reused_id, info
