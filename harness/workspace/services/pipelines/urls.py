"""Routes of the v1 pipelines ("Aeva") service on <region>.api.azureml.ms."""

from ...executor.pipelines.orchestrator import start_pipelines
from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/pipelines/v1\.0" + WS
ID = r"/(?P<id>[^/]+)"
RUN = BASE + r"/PipelineRuns/(?P<run>[^/]+)"

SERVICE = Service(
    name="pipelines",
    errors=V1Errors(),
    claims={AML_API: "/pipelines/"},
    ignore_case=True,
    startup=start_pipelines,
    routes=[
        (AML_API, "GET", BASE + r"/DataTypes", r.list_datatypes),
        (AML_API, "POST", BASE + r"/DataTypes", r.create_datatype),
        (AML_API, "PUT", BASE + r"/DataTypes" + ID, r.update_datatype),
        (AML_API, "POST", BASE + r"/Modules", r.create_module),
        (AML_API, "GET", BASE + r"/Modules/Hash/(?P<hash>[^/]+)", r.module_by_hash),
        (AML_API, "GET", BASE + r"/Modules" + ID, r.get_module),
        (AML_API, "PUT", BASE + r"/Modules" + ID, r.update_module),
        (AML_API, "POST", BASE + r"/DataSources", r.create_datasource),
        (AML_API, "GET", BASE + r"/DataSources/Hash/(?P<hash>[^/]+)", r.datasource_by_hash),
        (AML_API, "GET", BASE + r"/DataSources" + ID, r.get_datasource),
        (AML_API, "GET", BASE + r"/Graphs" + ID, r.get_graph),
        (AML_API, "GET", BASE + r"/Graphs" + ID + r"/Interface", r.get_graph_interface),
        (AML_API, "POST", BASE + r"/PipelineRuns/Unsubmitted/CreationInfoWithGraph",
         r.create_unsubmitted_run),
        (AML_API, "POST", BASE + r"/PipelineRuns/Submit/(?P<run>[^/]+)", r.submit_run),
        (AML_API, "GET", RUN, r.get_pipeline_run),
        (AML_API, "DELETE", RUN + r"/Execution", r.cancel_run),
        (AML_API, "POST", RUN + r"/Graph/Node/StatusCode", r.node_status_code),
        (AML_API, "POST", RUN + r"/Graph/Node/Status", r.node_status),
        (AML_API, "POST", RUN + r"/Graph/AllNodes/Status", r.all_node_statuses),
        (AML_API, "POST", RUN + r"/Outputs", r.node_outputs),
        (AML_API, "POST", RUN + r"/Graph/Shareable/JobLog", r.node_job_log),
        (AML_API, "POST", RUN + r"/Graph/Shareable/STDOUT", r.node_stdout_log),
        (AML_API, "POST", RUN + r"/Graph/Shareable/STDERR", r.node_stderr_log),
    ],
)
