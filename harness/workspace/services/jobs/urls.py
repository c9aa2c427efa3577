"""Routes of v2 jobs on management.azure.com and the dataset data plane on api.azureml.ms."""

from ...hosts import AML_API, ARM
from ...router import Service
from ..arm.urls import WS
from . import responses as r
from .exceptions import MlErrors
from .models import start_jobs

JOB = r"/jobs/(?P<name>[^/]+)"

SERVICE = Service(
    name="jobs",
    errors=MlErrors(),
    claims={AML_API: "/data/"},
    ignore_case=True,
    startup=start_jobs,
    routes=[
        (ARM, "GET", WS + r"/jobs", r.list_jobs),
        (ARM, "GET", WS + JOB, r.get_job),
        (ARM, "PUT", WS + JOB, r.put_job),
        (ARM, "POST", WS + JOB + r"/cancel", r.cancel_job),
        (AML_API, "POST", r"/data/v1\.0" + WS + r"/dataversion/batchGetResolvedUris",
         r.batch_resolve_uris),
    ],
)
