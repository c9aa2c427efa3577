"""The ARM backend: the one subscription, resource group and workspace, and its children.

The workspace and its built-in datastores are derived from :class:`Settings`; datastores
written through ARM are kept in the document store. Computes are the ones the settings
name: asking for any other gives the 404 Azure gives.
"""

from __future__ import annotations

import json
import time
from importlib import resources
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from . import exceptions

ML = "Microsoft.MachineLearningServices"
DATASTORES = "arm.datastores"
SCOPED_DATASTORE_TYPES = frozenset({"AzureBlob", "AzureDataLakeGen2", "AzureFile"})
"""Storage-account datastores, which name the account's subscription and resource group."""


def cloud_metadata() -> list[dict[str, Any]]:
    """The public clouds' ARM metadata, as ``/metadata/endpoints?api-version=2019-05-01``."""
    text = resources.files(__package__).joinpath("clouds.json").read_text()
    clouds: list[dict[str, Any]] = json.loads(text)
    return clouds


class ArmBackend:
    """Answers for the resources of the single local subscription."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = s = context.settings
        self.created = iso_time(self._creation_time())
        self._system_data = {
            "createdAt": self.created, "createdBy": s.user_name, "createdByType": "User",
            "lastModifiedAt": self.created, "lastModifiedBy": s.user_name,
            "lastModifiedByType": "User",
        }

    def _creation_time(self) -> float:
        """When this folder's workspace was first served; fixed from then on."""
        self.context.store.insert("arm.meta", "created", time.time())
        created: float = self.context.store.get("arm.meta", "created")
        return created

    # scope checks -------------------------------------------------------------------
    def check_subscription(self, subscription: str) -> None:
        if subscription.lower() != self.settings.subscription_id.lower():
            raise exceptions.subscription_not_found(subscription)

    def check_group(self, subscription: str, group: str) -> None:
        self.check_subscription(subscription)
        if group.lower() != self.settings.resource_group.lower():
            raise exceptions.resource_group_not_found(group)

    def check_workspace(self, subscription: str, group: str, workspace: str) -> None:
        self.check_group(subscription, group)
        if workspace.lower() != self.settings.workspace_name.lower():
            raise exceptions.resource_not_found(f"{ML}/workspaces", workspace, group)

    # documents ----------------------------------------------------------------------
    def subscription(self) -> dict[str, Any]:
        s = self.settings
        return {
            "id": f"/subscriptions/{s.subscription_id}", "authorizationSource": "RoleBased",
            "managedByTenants": [], "subscriptionId": s.subscription_id,
            "tenantId": s.tenant_id, "displayName": s.subscription_name, "state": "Enabled",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                     "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
        }

    def tenant(self) -> dict[str, Any]:
        s = self.settings
        return {"id": f"/tenants/{s.tenant_id}", "tenantId": s.tenant_id, "countryCode": "US",
                "displayName": "aml-parity local tenant", "domains": [s.tenant_domain],
                "tenantCategory": "Home", "defaultDomain": s.tenant_domain, "tenantType": "AAD"}

    def resource_group(self) -> dict[str, Any]:
        s = self.settings
        return {"id": f"/subscriptions/{s.subscription_id}/resourceGroups/{s.resource_group}",
                "name": s.resource_group, "type": "Microsoft.Resources/resourceGroups",
                "location": s.region, "properties": {"provisioningState": "Succeeded"}}

    def workspace(self) -> dict[str, Any]:
        s = self.settings
        api = f"https://{s.api_host}"
        return {
            "id": s.workspace_arm_id,
            "name": s.workspace_name,
            "type": f"{ML}/workspaces",
            "location": s.region,
            "tags": {},
            "etag": None,
            "kind": "Default",
            "sku": {"name": "Basic", "tier": "Basic"},
            "identity": {"type": "SystemAssigned", "principalId": s.client_object_id,
                         "tenantId": s.tenant_id},
            "systemData": self._system_data,
            "properties": {
                "friendlyName": s.workspace_name,
                "description": "aml-parity local workspace",
                "storageAccount": s.resource_id("Microsoft.Storage/storageAccounts",
                                                s.storage_account),
                "keyVault": s.resource_id("Microsoft.KeyVault/vaults", s.key_vault),
                "applicationInsights": s.resource_id("Microsoft.insights/components",
                                                     s.application_insights),
                "containerRegistry": None,
                "hbiWorkspace": False,
                "provisioningState": "Succeeded",
                "creationTime": self.created,
                "workspaceId": s.workspace_id,
                "tenantId": s.tenant_id,
                "discoveryUrl": f"{api}/discovery",
                "mlFlowTrackingUri": f"azureml://{s.api_host}/mlflow/v1.0{s.workspace_arm_id}",
                "imageBuildCompute": None,
                "allowPublicAccessWhenBehindVnet": False,
                "publicNetworkAccess": "Enabled",
                "privateEndpointConnections": [],
                "privateLinkCount": 0,
                "storageHnsEnabled": False,
                "v1LegacyMode": False,
                "enableDataIsolation": False,
                "systemDatastoresAuthMode": "accesskey",
                "notebookInfo": None,
                "serviceProvisionedResourceGroup": None,
            },
        }

    # datastores -----------------------------------------------------------------------
    def _builtin_datastores(self) -> dict[str, dict[str, Any]]:
        s = self.settings
        stores = {"workspaceblobstore": (s.blobstore_container, True),
                  "workspaceartifactstore": (s.artifact_container, False)}
        return {name: self._datastore(name, self._datastore_properties({
            "isDefault": default, "credentials": {"credentialsType": "AccountKey"},
            "datastoreType": "AzureBlob", "accountName": s.storage_account,
            "containerName": container, "endpoint": "core.windows.net", "protocol": "https",
            "serviceDataAccessAuthIdentity": "WorkspaceSystemAssignedIdentity",
        })) for name, (container, default) in stores.items()}

    def _datastore_properties(self, sent: dict[str, Any]) -> dict[str, Any]:
        """A datastore's properties in Azure's order, unset fields null (not ``{}``).

        Every field of every api-version is kept; :mod:`.api_versions` drops what the
        version asked for does not have.
        """
        s = self.settings
        properties: dict[str, Any] = {"description": None, "tags": None, "properties": None,
                                      "isDefault": False, "credentials": None,
                                      "intellectualProperty": None}
        if sent.get("datastoreType") in SCOPED_DATASTORE_TYPES:
            properties.update(subscriptionId=s.subscription_id, resourceGroup=s.resource_group)
        properties.update(sent)
        return properties

    def _datastore(self, name: str, properties: dict[str, Any]) -> dict[str, Any]:
        return {"id": f"{self.settings.workspace_arm_id}/datastores/{name}", "name": name,
                "type": f"{ML}/workspaces/datastores", "properties": properties,
                "systemData": self._system_data}

    def datastores(self) -> list[dict[str, Any]]:
        stores = self._builtin_datastores()
        stores.update({key: doc for key, doc in self.context.store.list(DATASTORES)})
        return [stores[name] for name in sorted(stores)]

    def datastore(self, name: str) -> dict[str, Any]:
        for store in self.datastores():
            if store["name"].lower() == name.lower():
                return store
        raise exceptions.child_not_found("Datastore", name, self.settings.workspace_name)

    def put_datastore(self, name: str, properties: dict[str, Any]) -> dict[str, Any]:
        document = self._datastore(name, self._datastore_properties(
            {**properties, "credentials": _without_secrets(properties)}))
        self.context.store.put(DATASTORES, name, document)
        self.context.store.put(DATASTORES + ".secrets", name, properties.get("credentials", {}))
        return document

    def delete_datastore(self, name: str) -> bool:
        self.context.store.delete(DATASTORES + ".secrets", name)
        return self.context.store.delete(DATASTORES, name)

    def datastore_secrets(self, name: str) -> dict[str, Any]:
        """What ``listSecrets`` returns: the account key for account-key datastores."""
        store = self.datastore(name)
        credentials = store["properties"].get("credentials", {})
        if name in self._builtin_datastores():
            return {"secretsType": "AccountKey", "key": self.settings.account_key}
        saved = self.context.store.get(DATASTORES + ".secrets", name) or {}
        secrets: dict[str, Any] = saved.get("secrets") or {
            "secretsType": credentials.get("credentialsType", "None")}
        return secrets

    # computes -----------------------------------------------------------------------
    def compute(self, name: str) -> dict[str, Any]:
        s = self.settings
        known = {k.lower(): k for k in s.computes}
        if name.lower() not in known:
            raise exceptions.child_not_found("Compute", name, s.workspace_name)
        name = known[name.lower()]
        spec = s.computes[name]
        return {
            "id": f"{s.workspace_arm_id}/computes/{name}", "name": name,
            "type": f"{ML}/workspaces/computes", "location": s.region, "tags": None,
            "systemData": self._system_data,
            "properties": {
                "createdOn": self.created, "modifiedOn": self.created,
                "disableLocalAuth": True, "description": None, "resourceId": None,
                "computeType": "AmlCompute", "computeLocation": s.region,
                "provisioningState": "Succeeded", "provisioningErrors": None,
                "provisioningStateTransitionTime": self.created, "isAttachedCompute": False,
                "properties": {
                    "vmSize": spec.get("vmSize", "STANDARD_DS3_V2"),
                    "vmPriority": spec.get("vmPriority", "Dedicated"),
                    "scaleSettings": {"maxNodeCount": spec.get("maxNodeCount", 4),
                                      "minNodeCount": spec.get("minNodeCount", 0),
                                      "nodeIdleTimeBeforeScaleDown": "PT120S"},
                    "subnet": None, "currentNodeCount": 0, "targetNodeCount": 0,
                    "nodeStateCounts": {"preparingNodeCount": 0, "runningNodeCount": 0,
                                        "idleNodeCount": 0, "unusableNodeCount": 0,
                                        "leavingNodeCount": 0, "preemptedNodeCount": 0},
                    "allocationState": "Steady", "allocationStateTransitionTime": self.created,
                    "errors": None, "remoteLoginPortPublicAccess": "Disabled", "osType": "Linux",
                    "virtualMachineImage": None, "isolatedNetwork": False,
                    "enableNodePublicIp": True, "propertyBag": None,
                    "userAccountCredentials": {"adminUserName": "azureuser",
                                               "adminUserSshPublicKey": None,
                                               "adminUserPassword": None},
                },
            },
        }

    def computes(self) -> list[dict[str, Any]]:
        return [self.compute(name) for name in sorted(self.settings.computes)]


def _without_secrets(properties: dict[str, Any]) -> dict[str, Any]:
    credentials = dict(properties.get("credentials") or {"credentialsType": "None"})
    credentials.pop("secrets", None)
    return credentials
