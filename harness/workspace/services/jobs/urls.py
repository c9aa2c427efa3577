"""Routes of v2 jobs on management.azure.com and the dataset data plane on api.azureml.ms."""

from ...context import WorkspaceContext
from ...hosts import AML_API, ARM
from ...http import Request
from ...router import Service
from ..arm.urls import WS
from ..runhistory import responses as runhistory
from . import responses as r
from .exceptions import MlErrors
from .models import JobsBackend, fail_interrupted_jobs

JOB = r"/jobs/(?P<name>[^/]+)"


def _startup(context: WorkspaceContext) -> None:
    """Fail jobs a previous server left unfinished; hear run history's cancels of jobs;
    keep streamed logs fresh."""
    from ..runhistory import responses as runhistory

    fail_interrupted_jobs(context)
    context.backend(JobsBackend)  # registers as a run observer

    def refresh_log(request: Request, run: dict) -> dict:  # type: ignore[type-arg]
        active = request.ctx.backend(JobsBackend).active_run(run["runId"])
        if active is not None:
            active.sync_log()
        return run

    runhistory.add_details_hook(refresh_log)


SERVICE = Service(
    name="jobs",
    errors=MlErrors(),
    claims={AML_API: "/data/"},
    ignore_case=True,
    startup=_startup,
    routes=[
        (ARM, "GET", WS + r"/jobs", r.list_jobs),
        (ARM, "GET", WS + JOB, r.get_job),
        (ARM, "PUT", WS + JOB, r.put_job),
        (ARM, "POST", WS + JOB + r"/cancel", r.cancel_job),
        (AML_API, "POST", r"/data/v1\.0" + WS + r"/dataversion/batchGetResolvedUris",
         r.batch_resolve_uris),
        # jobs.list(parent_job_name=...): run history's children of a run, without an
        # experiment in the path (the run history service serves only the experiment form).
        (AML_API, "GET", r"/history/v1\.0" + WS + r"/runs/(?P<run>[^/]+)/children",
         runhistory.get_children),
    ],
)
