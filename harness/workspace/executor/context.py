"""Environment variables that make SDK calls inside a job talk to its workspace.

Pure functions: the server supplies ids, endpoints and the run token (it mints tokens;
this module never does) and passes the proxy and CA variables in as ``network``. Names
and formats follow what the SDKs read (file:line in azureml-core 1.61, azureml-mlflow,
azure-ai-ml 1.35.2):

- v1 ``Run.get_context()``: ``azureml/core/run.py:214-228`` requires the subscription,
  resource group, workspace, experiment (``AZUREML_ARM_PROJECT_NAME``), run id, run
  token and service endpoint; without them it silently returns an offline run. The
  experiment id, workspace id, token expiry and discovery endpoint are optional, but
  without the discovery endpoint the SDK makes an extra ARM call
  (``run.py:245-257``) that needs an ARM token a job does not have.
- MLflow: ``azureml/mlflow/_internal/service_context_loader.py:29-38`` takes the
  in-job path only when the tracking URI, token, run id and experiment name or id are
  all set; the token is then used as an AML token against ``https://<netloc>``.
- v2 data: jobs read ``AZURE_ML_INPUT_<name>`` and ``AZURE_ML_OUTPUT_<name>``, the
  name kept as declared (azure-ai-ml names the prefix in
  ``entities/_job/parameterized_command.py:37``).
- network: a job reaches Azure host names through the workspace's proxy, trusting its
  CA (:func:`network_env`); SDK telemetry is off, as nothing may leave the machine.
- v1 datasets: ``run.input_datasets`` reads ``AZUREML_DATASET_ENVIRONMENT_VARS``
  (``name:mode`` pairs, comma-separated) and ``run.output_datasets`` reads
  ``AZUREML_DATASET_FILE_OUTPUTS`` (names, semicolon-separated), each name also being a
  variable holding the path (``azureml/core/run.py:2503-2540``).

Left out on purpose: ``AZ_BATCHAI_*`` (only token refresh files and log prefixes use
them; distributed jobs get the master node ones from :mod:`.distribution`) and
``AZUREML_RUN_TOKEN_PASS``/``_RAND`` (they switch on encrypted token files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..settings import workspace_path
from .spec import JobKind

DATASET_MODES = frozenset({"mount", "download", "direct"})
"""Consumption modes v1 ``run.input_datasets`` understands."""


@dataclass(frozen=True)
class RunScope:
    """Who a job is: its workspace, experiment, run, token and service endpoints.

    ``service_endpoint`` is the regional API root (``https://eastus.api.azureml.ms`` on
    Azure; the local workspace's own URL here). v1 derives the region from its first
    label (``run.py:229``), so keep that label meaningful. ``token`` must be a JWT with
    an ``exp`` claim even when ``token_expiry`` is given: azureml-core decodes it
    unconditionally (the fallback in ``authentication.py:1595`` is evaluated eagerly).
    """

    subscription_id: str
    resource_group: str
    workspace_name: str
    experiment_name: str
    run_id: str
    token: str
    service_endpoint: str
    workspace_id: str | None = None
    experiment_id: str | None = None
    token_expiry: datetime | None = None
    discovery_endpoint: str | None = None

    @property
    def workspace_path(self) -> str:
        """The ARM path of the workspace, as every service URL embeds it."""
        return workspace_path(self.subscription_id, self.resource_group, self.workspace_name)

    @property
    def service_host(self) -> str:
        """``host[:port]`` of the service endpoint."""
        netloc = urlsplit(self.service_endpoint).netloc
        if not netloc:
            raise ValueError(
                f"service_endpoint {self.service_endpoint!r} is not a URL; "
                "give it as https://host[:port]."
            )
        return netloc


def run_context_env(scope: RunScope) -> dict[str, str]:
    """What v1 ``Run.get_context()`` needs to return the submitted run, not an offline one."""
    env = {
        "AZUREML_ARM_SUBSCRIPTION": scope.subscription_id,
        "AZUREML_ARM_RESOURCEGROUP": scope.resource_group,
        "AZUREML_ARM_WORKSPACE_NAME": scope.workspace_name,
        "AZUREML_ARM_PROJECT_NAME": scope.experiment_name,
        "AZUREML_RUN_ID": scope.run_id,
        "AZUREML_RUN_TOKEN": scope.token,
        "AZUREML_SERVICE_ENDPOINT": scope.service_endpoint.rstrip("/"),
        "AZUREML_DISCOVERY_SERVICE_ENDPOINT": scope.discovery_endpoint
        or f"{scope.service_endpoint.rstrip('/')}/discovery",
    }
    if scope.workspace_id:
        env["AZUREML_WORKSPACE_ID"] = scope.workspace_id
    if scope.experiment_id:
        env["AZUREML_EXPERIMENT_ID"] = scope.experiment_id
    if scope.token_expiry is not None:
        # Epoch seconds: AzureMLTokenAuthentication._convert_to_datetime reads either an
        # ISO date or an integer timestamp; without it the SDK decodes the JWT's exp.
        env["AZUREML_RUN_TOKEN_EXPIRY"] = str(int(scope.token_expiry.timestamp()))
    return env


def mlflow_tracking_uri(scope: RunScope) -> str:
    """The ``azureml://`` tracking URI real jobs get; azureml-mlflow maps it to HTTPS."""
    return f"azureml://{scope.service_host}/mlflow/v1.0{scope.workspace_path}"


def mlflow_env(scope: RunScope) -> dict[str, str]:
    """What makes ``mlflow.log_*`` in a job log to this run through azureml-mlflow."""
    env = {
        "MLFLOW_TRACKING_URI": mlflow_tracking_uri(scope),
        "MLFLOW_TRACKING_TOKEN": scope.token,
        "MLFLOW_RUN_ID": scope.run_id,
        "MLFLOW_EXPERIMENT_NAME": scope.experiment_name,
    }
    if scope.experiment_id:
        env["MLFLOW_EXPERIMENT_ID"] = scope.experiment_id
    return env


def network_env(ca_bundle: Path, proxy_port: int | None) -> dict[str, str]:
    """The CA, the proxy (once the server has its port) and no telemetry, for any process
    whose Azure calls must reach the local workspace (jobs, scoring servers)."""
    ca = str(ca_bundle)
    env = {"REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca, "CURL_CA_BUNDLE": ca,
           "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
           "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
    if proxy_port is not None:
        proxy = f"http://127.0.0.1:{proxy_port}"
        env.update({name: proxy for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
                                             "http_proxy")})
    return env


def io_env(inputs: Mapping[str, str], outputs: Mapping[str, str]) -> dict[str, str]:
    """``AZURE_ML_INPUT_<name>``/``AZURE_ML_OUTPUT_<name>`` for resolved v2 inputs and outputs."""
    env = {f"AZURE_ML_INPUT_{name}": str(value) for name, value in inputs.items()}
    env.update({f"AZURE_ML_OUTPUT_{name}": str(path) for name, path in outputs.items()})
    return env


def v1_dataset_env(
    inputs: Mapping[str, tuple[str, str]], outputs: Mapping[str, str]
) -> dict[str, str]:
    """Variables behind v1 ``run.input_datasets`` and ``run.output_datasets``.

    ``inputs`` maps a dataset's ``as_named_input`` name to (path or dataset id, mode);
    ``direct`` mode passes the dataset id, which the SDK then fetches from the workspace.
    """
    env: dict[str, str] = {}
    pairs = []
    for name, (value, mode) in inputs.items():
        if mode not in DATASET_MODES:
            known = ", ".join(sorted(DATASET_MODES))
            raise ValueError(f"Input dataset {name!r}: unknown mode {mode!r}; use one of {known}.")
        env[name] = str(value)
        pairs.append(f"{name}:{mode}")
    if pairs:
        env["AZUREML_DATASET_ENVIRONMENT_VARS"] = ",".join(pairs)
    if outputs:
        env.update({name: str(path) for name, path in outputs.items()})
        env["AZUREML_DATASET_FILE_OUTPUTS"] = ";".join(outputs)
    return env


def job_env(
    scope: RunScope,
    kind: JobKind,
    *,
    inputs: Mapping[str, str] | None = None,
    outputs: Mapping[str, str] | None = None,
    network: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Everything a job of ``kind`` gets.

    Both kinds get the v1 run context and MLflow, as on Azure (v1 ScriptRunConfig runs
    have MLflow preconfigured; v1 calls keep working in v2 jobs); v2 jobs also get their
    input and output variables. ``network`` (proxy, CA bundle and the like) is applied
    last and wins.
    """
    env = run_context_env(scope)
    env.update(mlflow_env(scope))
    if kind is JobKind.V2:
        env.update(io_env(inputs or {}, outputs or {}))
    env.update(network or {})
    return env
