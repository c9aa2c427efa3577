"""Run local-workspace jobs as processes, with Azure ML's states, logs and job context.

No HTTP here: the server turns requests into ``JobSpec``s, persists what ``on_status``
reports, and serves the log files this package writes.
"""

from .context import RunScope, io_env, job_env, mlflow_env, run_context_env, v1_dataset_env
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
from .spec import V1_LOG_NAME, V2_LOG_NAME, JobKind, JobSpec
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
    "parse_status",
    "run_context_env",
    "substitute_command",
    "v1_dataset_env",
]
