"""Routes of v1 run history (``/history/v1.0``) on <region>.api.azureml.ms."""

from ...hosts import AML_API
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import V1Errors

BASE = r"/history/v1\.0" + WS
EXP = BASE + r"/experiments/(?P<experiment>[^/]+)"
EXP_ID = BASE + r"/experimentids/(?P<experiment_id>[^/]+)"
RUN = r"/runs/(?P<run>[^/]+)"

SERVICE = Service(
    name="runhistory",
    errors=V1Errors(),
    claims={AML_API: "/history/"},
    ignore_case=True,
    routes=[
        (AML_API, "GET", EXP, r.get_experiment),
        (AML_API, "POST", EXP, r.create_experiment),
        (AML_API, "GET", EXP_ID, r.get_experiment_by_id),
        (AML_API, "PATCH", EXP_ID, r.update_experiment),
        *[route
          for scope in (EXP, EXP_ID)
          for route in (
              (AML_API, "GET", scope + RUN, r.get_run),
              (AML_API, "PATCH", scope + RUN, r.patch_run),
              (AML_API, "GET", scope + RUN + r"/details", r.get_details),
              (AML_API, "GET", scope + RUN + r"/children", r.get_children),
              (AML_API, "DELETE", scope + RUN + r"/tags", r.delete_tags),
              (AML_API, "POST", scope + RUN + r"/events", r.post_event),
              (AML_API, "POST", scope + RUN + r"/cancel", r.cancel_run),
              (AML_API, "GET", scope + RUN + r"/metricsingest/wait", r.metrics_ingested),
          )],
        (AML_API, "POST", EXP + r"/runs:query", r.query_runs),
        (AML_API, "GET", BASE + RUN, r.get_run),
        (AML_API, "GET", BASE + RUN + r"/details", r.get_details),
        # jobs.list(parent_job_name=...): children of a run without an experiment in the path
        (AML_API, "GET", BASE + RUN + r"/children", r.get_children),
        (AML_API, "POST", BASE + r"/rundata", r.run_data),
    ],
)
