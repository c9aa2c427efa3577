"""The environment a scoring process gets: Azure ML variables, network, a private HOME.

Calls a scoring script makes to Azure (an SDK, MLflow) reach this workspace through its
proxy with its CA, as jobs' calls do. HOME is the deployment's own folder because
gunicorn puts its control socket in ``$HOME/.gunicorn``: two servers sharing a HOME
would fight over it.
"""

from __future__ import annotations

from pathlib import Path

from ...context import WorkspaceContext
from ...tls import CA_CERT_FILE
from .process import base_env


def scoring_env(context: WorkspaceContext, home: Path, variables: dict[str, str]) -> dict[str, str]:
    ca = str(context.directory / CA_CERT_FILE)
    network = {"REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "CURL_CA_BUNDLE": ca,
               "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
               "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true",
               "PYTHONUNBUFFERED": "1", "HOME": str(home)}
    if context.port is not None:
        proxy = f"http://127.0.0.1:{context.port}"
        network.update({name: proxy for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                                                 "http_proxy")})
    return base_env({**network, **{k: str(v) for k, v in variables.items()}})


def wait_for_port(context: WorkspaceContext, timeout: float = 30.0) -> None:
    """Block until the server has bound its port (startup hooks run before that)."""
    import time

    deadline = time.monotonic() + timeout
    while context.port is None and time.monotonic() < deadline:
        time.sleep(0.05)
