"""``python -m harness.workspace serve|env|stop|reset``."""

from .cli import workspace

workspace(prog_name="python -m harness.workspace")
