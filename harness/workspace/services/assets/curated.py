"""Curated environments as the v2 ARM environment routes answer them in a workspace.

Azure shows curated environments in every workspace without their being registered:
``GET .../environments/AzureML-sklearn-1.5/versions/3`` answers 200, the container
names the latest version, and names are matched whatever their case.
"""

from __future__ import annotations

import json
from typing import Any

from ...curated.environments import CuratedEnvironment
from ...settings import Settings

ML = "Microsoft.MachineLearningServices"
CREATED_AT = "2022-06-01T00:00:00.0000000+00:00"
"""Curated versions predate any workspace; one fixed time keeps answers repeatable."""


def _system_data() -> dict[str, Any]:
    return {"createdAt": CREATED_AT, "createdBy": "Microsoft", "createdByType": "Application",
            "lastModifiedAt": CREATED_AT, "lastModifiedBy": "Microsoft",
            "lastModifiedByType": "Application"}


def version_document(settings: Settings, environment: CuratedEnvironment,
                     version: str) -> dict[str, Any]:
    labels = {"azureml.labels": "latest"} if version == str(environment.latest_version) else {}
    return {
        "id": f"{settings.workspace_arm_id}/environments/{environment.name}/versions/{version}",
        "name": version, "type": f"{ML}/workspaces/environments/versions",
        "properties": {
            "description": environment.description, "tags": {}, "properties": labels,
            "isArchived": False, "isAnonymous": False, "autoDeleteSetting": None,
            "environmentType": "Curated", "image": environment.image(version),
            "condaFile": json.dumps(environment.conda, indent=2), "build": None,
            "osType": "Linux", "inferenceConfig": None, "autoRebuild": "Disabled",
            "provisioningState": "Succeeded", "stage": "Production",
            "intellectualProperty": None},
        "systemData": _system_data(),
    }


def container_document(settings: Settings, environment: CuratedEnvironment) -> dict[str, Any]:
    latest = str(environment.latest_version)
    return {
        "id": f"{settings.workspace_arm_id}/environments/{environment.name}",
        "name": environment.name, "type": f"{ML}/workspaces/environments",
        "properties": {"description": environment.description, "tags": {}, "properties": {},
                       "isArchived": False, "latestVersion": latest,
                       "nextVersion": str(environment.latest_version + 1),
                       "provisioningState": "Succeeded"},
        "systemData": _system_data(),
    }


def versions_newest_first(settings: Settings,
                          environment: CuratedEnvironment) -> list[dict[str, Any]]:
    return [version_document(settings, environment, v) for v in reversed(environment.versions)]
