"""The pipelines backend's entities: data types, modules, data sources, graphs, pipeline runs.

azureml-pipeline-core talks to the "Aeva" service in PascalCase (its autorest models in
``azureml/pipeline/core/_restclients/aeva/models``), so entities are kept as the wire
documents the SDK sent, stamped with ``Id``/``Etag``/dates like the service's entities.
Running a submitted pipeline is :mod:`harness.workspace.executor.pipelines`' job; this
module only stores.

Collections (``ctx.store``): ``pipelines.datatypes``, ``pipelines.modules`` (+ hashes),
``pipelines.datasources`` (+ hashes), ``pipelines.graphs`` and ``pipelines.runs``.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from ..runhistory.models import RunStore
from . import exceptions

DATATYPES = "pipelines.datatypes"
MODULES = "pipelines.modules"
MODULE_HASHES = "pipelines.module-hashes"
DATASOURCES = "pipelines.datasources"
DATASOURCE_HASHES = "pipelines.datasource-hashes"
GRAPHS = "pipelines.graphs"
RUNS = "pipelines.runs"

Doc = dict[str, Any]

NODE_STATUS = {"NotStarted": "Queued", "Queued": "Queued", "Preparing": "Queued",
               "Starting": "Queued", "Provisioning": "Queued", "Running": "Running",
               "Finalizing": "Running", "CancelRequested": "Running",
               "Completed": "Finished", "Failed": "Failed", "Canceled": "Canceled"}
"""Step run status -> the node status the pipeline SDK shows (``StepRun.get_status``)."""
NODE_DONE = frozenset({"Finished", "Failed", "Canceled", "Bypassed"})


def stamped(document: Doc, entity_id: str | None = None) -> Doc:
    """``document`` with the bookkeeping fields every Aeva entity carries."""
    now = iso_time()
    return {**document, "Id": entity_id or document.get("Id") or str(uuid.uuid4()),
            "Etag": uuid.uuid4().hex, "CreatedDate": document.get("CreatedDate") or now,
            "LastModifiedDate": now, "EntityStatus": document.get("EntityStatus") or "Active"}


def blob_data_location(datastore: str | None, path: str | None) -> Doc:
    """The ``DataLocation`` of a datastore path, which the SDK turns into a DataReference."""
    return {"StorageType": "AzureBlob", "StorageId": None, "Uri": None,
            "DataReference": {"Type": "AzureBlob", "AzureBlobReference": {
                "AmlDataStoreName": datastore, "RelativePath": path,
                "Container": None, "Account": None, "SasToken": None, "Uri": None}}}


def module_interface(structured: Doc) -> Doc:
    """The ``EntityInterface`` of a module, derived from its ``StructuredInterface``."""

    def parameter(p: Doc) -> Doc:
        return {"Name": p.get("Name"), "DefaultValue": p.get("DefaultValue"),
                "IsOptional": p.get("IsOptional"), "Type": "String", "Documentation": None}

    return {
        "Parameters": [parameter(p) for p in structured.get("Parameters") or []],
        "MetadataParameters": [parameter(p) for p in structured.get("MetadataParameters") or []],
        "Ports": {
            "Inputs": [{"Name": i.get("Name"), "DataTypesIds": i.get("DataTypeIdsList") or [],
                        "IsOptional": i.get("IsOptional"), "Documentation": None}
                       for i in structured.get("Inputs") or []],
            "Outputs": [{"Name": o.get("Name"), "DataTypeId": o.get("DataTypeId"),
                         "Documentation": None, "PassThroughInputName": None}
                        for o in structured.get("Outputs") or []],
        },
        "DataPathParameters": [],
        "DataPathParameterList": [],
    }


class PipelineEntities:
    """Stored Aeva entities of the workspace; ``NotFound`` in the v1 shape when absent."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self._lock = threading.RLock()

    def _get(self, collection: str, kind: str, key: str) -> Doc:
        found = self.store.get(collection, key)
        if found is None:
            raise exceptions.not_found(kind, key)
        return dict(found)

    def _put_hashed(self, collection: str, hashes: str, entity: Doc) -> Doc:
        """Store ``entity``; its ``IdentifierHash`` (the SDK's reuse key) finds it again."""
        with self._lock:
            self.store.put(collection, entity["Id"], entity)
            if entity.get("IdentifierHash"):
                self.store.put(hashes, str(entity["IdentifierHash"]), entity["Id"])
        return entity

    def _id_by_hash(self, hashes: str, kind: str, identifier_hash: str) -> str:
        entity_id = self.store.get(hashes, identifier_hash)
        if entity_id is None:
            raise exceptions.not_found(f"{kind} with hash", identifier_hash)
        return str(entity_id)

    # data types -------------------------------------------------------------------------
    def datatypes(self) -> list[Doc]:
        return [doc for _, doc in self.store.list(DATATYPES)]

    def put_datatype(self, body: Doc, datatype_id: str | None = None) -> Doc:
        entity = stamped(body, datatype_id or str(body.get("Id") or body.get("Name")))
        self.store.put(DATATYPES, entity["Id"], entity)
        return entity

    # modules ------------------------------------------------------------------------------
    def create_module(self, info: Doc) -> Doc:
        """A ModuleEntity from a ModuleCreationInfo; its hash finds it again (SDK reuse)."""
        storage_id = info.get("StorageId")
        entity = stamped({
            **{k: info.get(k) for k in ("Name", "Description", "IsDeterministic",
                                        "ModuleExecutionType", "ModuleType", "IdentifierHash",
                                        "StructuredInterface", "Properties", "Category",
                                        "Runconfig", "CloudSettings", "StepType", "Hash")},
            "tags": info.get("KvTags") or {},
            "UploadState": "Completed",
            "DataLocation": {"StorageType": "Snapshot", "StorageId": storage_id, "Uri": None,
                             "DataReference": None} if storage_id else None,
            "CreatedBy": None,
        })
        return self._put_hashed(MODULES, MODULE_HASHES, entity)

    def module_entity(self, module_id: str) -> Doc:
        return self._get(MODULES, "Module", module_id)

    def module(self, module_id: str) -> Doc:
        """The wire ``Module``: the entity and its interface."""
        entity = self.module_entity(module_id)
        return {"Data": entity, "Interface": module_interface(entity.get("StructuredInterface")
                                                             or {})}

    def module_by_hash(self, identifier_hash: str) -> Doc:
        return self.module(self._id_by_hash(MODULE_HASHES, "Module", identifier_hash))

    def update_module(self, module_id: str, body: Doc) -> Doc:
        entity = {**self.module_entity(module_id), **body}
        entity = stamped(entity, module_id)
        self.store.put(MODULES, module_id, entity)
        return entity

    # data sources ---------------------------------------------------------------------
    def create_datasource(self, info: Doc) -> Doc:
        """A DataSourceEntity for a DataReference input (datastore + path)."""
        entity = stamped({
            "Name": info.get("Name"), "Description": info.get("Description"),
            "DataTypeId": info.get("DataTypeId"), "IdentifierHash": info.get("IdentifierHash"),
            "Hash": info.get("ContentHash"), "UploadState": "Completed",
            "DataLocation": blob_data_location(info.get("DataStoreName"),
                                               info.get("PathOnDataStore")),
        })
        return self._put_hashed(DATASOURCES, DATASOURCE_HASHES, entity)

    def datasource(self, datasource_id: str) -> Doc:
        return self._get(DATASOURCES, "DataSource", datasource_id)

    def datasource_by_hash(self, identifier_hash: str) -> Doc:
        return self.datasource(self._id_by_hash(DATASOURCE_HASHES, "DataSource", identifier_hash))

    # graphs -----------------------------------------------------------------------------
    def create_graph(self, graph: Doc, interface: Doc | None) -> Doc:
        entity = stamped(graph)
        self.store.put(GRAPHS, entity["Id"], {"Graph": entity, "Interface": interface or {}})
        return entity

    def graph(self, graph_id: str) -> Doc:
        return dict(self._get(GRAPHS, "Graph", graph_id)["Graph"])

    def graph_interface(self, graph_id: str) -> Doc:
        return dict(self._get(GRAPHS, "Graph", graph_id)["Interface"])

    # pipeline runs ----------------------------------------------------------------------
    def create_pipeline_run(self, experiment: str, body: Doc) -> Doc:
        """An unsubmitted pipeline run (and its parent run in run history)."""
        info = body.get("CreationInfo") or {}
        graph_body = body.get("Graph")
        if not isinstance(graph_body, dict):
            raise exceptions.bad_graph("'Graph' is missing.")
        graph = self.create_graph(graph_body, body.get("GraphInterface"))
        run_id = str(uuid.uuid4())
        entity = stamped({
            "Description": info.get("Description"),
            "Status": {"StatusCode": "NotStarted", "StatusDetail": None,
                       "CreationTime": iso_time(), "EndTime": None},
            "GraphId": graph["Id"], "IsSubmitted": False, "HasErrors": False,
            "HasWarnings": False, "UploadState": "Completed",
            "ParameterAssignments": info.get("ParameterAssignments") or {},
            "DataSetDefinitionValueAssignments":
                info.get("DataSetDefinitionValueAssignments") or {},
            "RunHistoryExperimentName": experiment, "PipelineId": None,
            "RunSource": info.get("RunSource") or "SDK", "RunType": info.get("RunType") or "SDK",
            "TotalRunSteps": len(graph.get("ModuleNodes") or []), "ScheduleId": None,
            "tags": info.get("tags") or {}, "Properties": info.get("Properties") or {},
            "ContinueOnStepFailure": bool(info.get("ContinueExperimentOnNodeFailure")
                                          or info.get("ContinueRunOnStepFailure")),
        }, run_id)
        self.store.put(RUNS, run_id, entity)
        self.context.backend(RunStore).create_run(
            experiment, run_id, runType="azureml.PipelineRun", status="NotStarted",
            description=info.get("Description"), displayName=info.get("Description") or run_id,
            properties={"azureml.runsource": "azureml.PipelineRun",
                        "runSource": info.get("RunSource") or "SDK",
                        "runType": info.get("RunType") or "SDK",
                        "azureml.parameters": "{}", "azureml.continue_on_step_failure":
                            str(entity["ContinueOnStepFailure"])},
            tags={"azureml.pipelineComponent": "pipelinerun", **(info.get("tags") or {})})
        return entity

    def pipeline_run(self, run_id: str) -> Doc:
        return self._get(RUNS, "PipelineRun", run_id)

    def nodes(self, run_id: str) -> dict[str, Doc]:
        """The submitted run's nodes: status and outputs of each (empty before submission)."""
        return dict(self.pipeline_run(run_id).get("_Nodes") or {})

    def update_pipeline_run(self, run_id: str, **fields: Any) -> Doc:
        with self._lock:
            entity = {**self.pipeline_run(run_id), **fields}
            self.store.put(RUNS, run_id, entity)
            return entity

    def pipeline_runs(self) -> list[Doc]:
        return [doc for _, doc in self.store.list(RUNS)]
