"""The identity of the local workspace: fixed, documented ids saved beside its state.

Every id is deterministic so recordings, reports and cassettes made against two fresh
local workspaces match. The values are written to ``settings.json`` on first start and
read back afterwards, so a user can edit them (for example to mimic their real
workspace names) and keep them across restarts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"


def resource_id(subscription_id: str, resource_group: str, provider: str, name: str) -> str:
    """The ARM id of a resource in a resource group (``provider`` includes its type)."""
    return (f"/subscriptions/{subscription_id}/resourceGroups/{resource_group}"
            f"/providers/{provider}/{name}")


def workspace_path(subscription_id: str, resource_group: str, workspace_name: str) -> str:
    """The ARM id of an Azure ML workspace, as every service URL embeds it."""
    return resource_id(subscription_id, resource_group,
                       "Microsoft.MachineLearningServices/workspaces", workspace_name)


def _default_account_key() -> str:
    """A fixed 64-byte key, base64 like a real storage key; it protects nothing."""
    return base64.b64encode(hashlib.sha512(b"aml-parity local workspace").digest()).decode()


@dataclass(frozen=True)
class Settings:
    """Names and ids the emulated Azure answers with."""

    subscription_id: str = "00000000-0000-0000-0000-000000000000"
    subscription_name: str = "aml-parity local subscription"
    resource_group: str = "parity-rg"
    workspace_name: str = "parity-ws"
    region: str = "eastus"
    tenant_id: str = "11111111-1111-1111-1111-111111111111"
    tenant_domain: str = "parity.onmicrosoft.com"
    client_id: str = "22222222-2222-2222-2222-222222222222"
    client_secret: str = "parity-local-secret"  # pragma: allowlist secret
    client_object_id: str = "55555555-5555-5555-5555-555555555555"
    user_object_id: str = "44444444-4444-4444-4444-444444444444"
    user_name: str = "parity-user@parity.onmicrosoft.com"
    workspace_id: str = "33333333-3333-3333-3333-333333333333"
    storage_account: str = "paritywsstore"
    account_key: str = field(default_factory=_default_account_key)
    key_vault: str = "paritywskv"
    application_insights: str = "parityws-insights"
    max_concurrent_jobs: int = 4
    """How many jobs run at once; the rest wait Queued, as on a busy compute cluster."""
    cancel_grace_s: float = 5.0
    """How long a canceled job's processes get between SIGTERM and SIGKILL."""
    max_job_processes: int = 16
    """The most processes one distributed job may start; a job asking more fails saying so."""
    mlflow_logged_models: bool = False
    """Serve MLflow 3's logged-models routes. Azure ML answers them 404 (empty body;
    Azure/azure-sdk-for-python#44896), which makes autolog drop its post-training
    metrics, so by default the local workspace does the same; true serves them."""
    build_environments: bool = False
    """Run each job and scoring server in a virtual environment built (with uv, cached)
    from the environment its side declares, instead of the harness's own interpreter."""
    registries: list[str] = field(default_factory=lambda: ["azureml"])
    """Registries azure-ai-ml can discover (``MLClient(..., registry_name=...)``); they
    hold no assets here, so a lookup in one gets Azure's 404 for a missing asset."""
    computes: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {
            "cpu-cluster": {"vmSize": "STANDARD_DS3_V2", "maxNodeCount": 4},
            "gpu-cluster": {"vmSize": "STANDARD_NC6S_V3", "maxNodeCount": 2},
        }
    )

    @property
    def secrets(self) -> tuple[str, ...]:
        """What a report must never show: the service principal's secret, the storage key."""
        return (self.client_secret, self.account_key)

    @property
    def workspace_arm_id(self) -> str:
        return workspace_path(self.subscription_id, self.resource_group, self.workspace_name)

    @property
    def blobstore_container(self) -> str:
        """The container of ``workspaceblobstore``, named like Azure names it."""
        return f"azureml-blobstore-{self.workspace_id}"

    @property
    def artifact_container(self) -> str:
        """The container of ``workspaceartifactstore`` (v1 run artifacts)."""
        return "azureml"

    @property
    def api_host(self) -> str:
        return f"{self.region}.api.azureml.ms"

    @property
    def blob_host(self) -> str:
        return f"{self.storage_account}.blob.core.windows.net"

    def resource_id(self, provider: str, name: str) -> str:
        """ARM id of a resource in the workspace's resource group."""
        return resource_id(self.subscription_id, self.resource_group, provider, name)


def load_or_create(directory: Path) -> Settings:
    """Read ``settings.json`` from ``directory``, writing the defaults there first if absent."""
    path = directory / SETTINGS_FILE
    if path.exists():
        data = json.loads(path.read_text())
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(
                f"{path}: unknown setting(s) {', '.join(unknown)}; "
                f"known settings are {', '.join(sorted(known))}"
            )
        return Settings(**data)
    settings = Settings()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n")
    os.replace(tmp, path)
    return settings
