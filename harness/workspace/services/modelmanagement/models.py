"""Assets (pointers to artifact prefixes) and versioned models that reference them.

A model's files stay where the SDK put them (run artifacts, or ``LocalUpload``
artifacts for ``Model.register`` from a local path); the model records
``aml://asset/<asset id>`` as its url, as Azure does.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from . import exceptions

ASSETS = "modelmanagement.assets"
MODELS = "modelmanagement.models"


class ModelRegistry:
    """Create and query assets and models."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.store = context.store
        self._lock = threading.Lock()

    def create_asset(self, body: dict[str, Any]) -> dict[str, Any]:
        asset = {**body, "id": uuid.uuid4().hex, "createdTime": iso_time()}
        self.store.put(ASSETS, asset["id"], asset)
        return asset

    def asset(self, asset_id: str) -> dict[str, Any]:
        found = self.store.get(ASSETS, asset_id)
        if found is None:
            raise exceptions.not_found("Asset", asset_id)
        return dict(found)

    def assets(self, run_id: str | None = None, name: str | None = None) -> list[dict[str, Any]]:
        return [a for _, a in self.store.list(ASSETS)
                if (run_id is None or a.get("runid") == run_id)
                and (name is None or a.get("name") == name)]

    def register(self, body: dict[str, Any]) -> dict[str, Any]:
        """A new version of the model named in ``body`` (versions count from 1)."""
        name = str(body.get("name") or "")
        with self._lock:
            versions = [int(m["version"]) for m in self.models(name=name)]
            version = max(versions, default=0) + 1
            s = self.context.settings
            model = {"mimeType": "application/octet-stream", "unpack": False, "kvTags": {},
                     "properties": {}, "datasets": [], "description": None, "framework":
                     "Custom", "frameworkVersion": None, "derivedModelIds": None,
                     "parentModelId": None, "runId": None, "experimentName": None,
                     "sampleInputData": None, "sampleOutputData": None,
                     "resourceRequirements": None,
                     **{k: v for k, v in body.items() if v is not None},
                     "id": f"{name}:{version}", "version": version, "createdTime": iso_time(),
                     "modifiedTime": iso_time(),
                     "createdBy": {"userObjectId": s.user_object_id, "userPuId": None,
                                   "userIdp": None, "userAltSecId": None,
                                   "userIss": None, "userTenantId": s.tenant_id,
                                   "userName": s.user_name}}
            self.store.put(MODELS, f"{name}:{version:08d}", model)
            return model

    def model(self, model_id: str) -> dict[str, Any]:
        name, _, version = model_id.rpartition(":")
        found = self.store.get(MODELS, f"{name}:{int(version):08d}") if version.isdigit() \
            else None
        if found is None:
            raise exceptions.not_found("Model", model_id)
        return dict(found)

    def models(self, name: str | None = None, run_id: str | None = None,
               tags: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
        """Matching models, newest version first."""
        found = [m for _, m in self.store.list(MODELS, f"{name}:" if name else "")
                 if (name is None or m.get("name") == name)
                 and (run_id is None or m.get("runId") == run_id)
                 and all(k in (m.get("kvTags") or {}) and (v is None or m["kvTags"][k] == v)
                         for k, v in (tags or {}).items())]
        return sorted(found, key=lambda m: (m["createdTime"], m["version"]), reverse=True)

    def delete(self, model_id: str) -> None:
        model = self.model(model_id)
        self.store.delete(MODELS, f"{model['name']}:{int(model['version']):08d}")
