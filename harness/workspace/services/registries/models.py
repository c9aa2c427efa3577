"""The registries the local workspace knows (``settings.registries``) and how to reach them."""

from __future__ import annotations

from typing import Any

from ...context import WorkspaceContext
from . import exceptions

MFE_HOST = "cert-{region}.experiments.azureml.net"
"""The registry's management front end; azure-ai-ml appends ``mferp/managementfrontend``."""


class RegistryDirectory:
    """Answers registry discovery; registries live in the workspace's region and scope."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.settings = context.settings

    def known(self, registry: str) -> str:
        """The registry's name as configured, or the 404 for one that does not exist."""
        names = {name.lower(): name for name in self.settings.registries}
        if registry.lower() not in names:
            raise exceptions.registry_not_found(registry)
        return names[registry.lower()]

    def discovery(self, registry: str) -> dict[str, Any]:
        """``RegistryDiscoveryDto``: where the registry's assets are served from."""
        s = self.settings
        name = self.known(registry)
        mfe = f"https://{MFE_HOST.format(region=s.region)}/"
        return {"registryName": name, "tenantId": s.tenant_id, "primaryRegion": s.region,
                "regions": [s.region], "subscriptionId": s.subscription_id,
                "resourceGroup": s.resource_group, "workspaceName": None,
                "primaryRegionResourceProviderUri": mfe,
                "registryFqdns": {s.region: {"uri": f"https://{s.api_host}"}}}
