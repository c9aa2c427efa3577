"""Run local-workspace jobs and scoring servers as processes, with Azure ML's states and logs.

No HTTP here. The core (these modules) runs one job as a process: ``JobSpec`` in,
states reported through ``on_status``, the job's folders and environment; a distributed
job runs one process per replica (:mod:`.distribution` decides them, :mod:`.replicas`
runs them as one). Beside it, a
subpackage per concern drives that core for one kind of work: :mod:`.scriptruns` (v1
script runs), :mod:`.jobs` (v2 command, pipeline and sweep jobs), :mod:`.pipelines` (v1
pipelines) and :mod:`.scoring` (scoring servers of endpoints). The services persist what
they report and serve the files they write.
"""

from .context import (
    RunScope,
    io_env,
    job_env,
    mlflow_env,
    network_env,
    run_context_env,
    v1_dataset_env,
)
from .materialize import (
    DataInput,
    Layout,
    LiteralValue,
    format_literal,
    materialize,
    substitute_command,
)
from .process import kill_orphans
from .runner import Executor, UnknownJobError, failure_message
from .spec import V1_LOG_NAME, V2_LOG_NAME, JobKind, JobSpec, Replica
from .states import TERMINAL_STATES, JobInfo, RunStatus, can_transition, parse_status

__all__ = [
    "TERMINAL_STATES",
    "V1_LOG_NAME",
    "V2_LOG_NAME",
    "DataInput",
    "Executor",
    "JobInfo",
    "JobKind",
    "JobSpec",
    "Layout",
    "LiteralValue",
    "Replica",
    "RunScope",
    "RunStatus",
    "UnknownJobError",
    "can_transition",
    "failure_message",
    "format_literal",
    "io_env",
    "job_env",
    "kill_orphans",
    "materialize",
    "mlflow_env",
    "network_env",
    "parse_status",
    "run_context_env",
    "substitute_command",
    "v1_dataset_env",
]
