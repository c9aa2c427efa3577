"""The environment a scoring process gets: Azure ML variables, network, a private HOME.

Calls a scoring script makes to Azure (an SDK, MLflow) reach this workspace through its
proxy with its CA, as jobs' calls do. HOME is the deployment's own folder because
gunicorn puts its control socket in ``$HOME/.gunicorn``: two servers sharing a HOME
would fight over it.
"""

from __future__ import annotations

from pathlib import Path

from ...context import WorkspaceContext
from ..context import network_env
from .process import base_env


def scoring_env(context: WorkspaceContext, home: Path, variables: dict[str, str]) -> dict[str, str]:
    network = {**network_env(context.ca_bundle, context.port), "PYTHONUNBUFFERED": "1",
               "HOME": str(home)}
    return base_env({**network, **{k: str(v) for k, v in variables.items()}})


def wait_for_port(context: WorkspaceContext, timeout: float = 30.0) -> None:
    """Block until the server has bound its port (startup hooks run before that)."""
    import time

    deadline = time.monotonic() + timeout
    while context.port is None and time.monotonic() < deadline:
        time.sleep(0.05)
