"""v1 datasets: saved datasets (a dataflow with an id) and registered, versioned names.

azureml.data 1.61 with azureml-dataprep 5 describes a dataset as a dataflow JSON whose
``meta.RsDataflow`` is an RSLex (MLTable) YAML with ``azureml://.../datastores/<name>/
paths/<path>`` URIs; it reads it back from ``/data/v1.0/.../dataversion/<name or
unregistered-<saved id>>/versions/<v>`` as ``legacyDataflow``, and everything else
(reading files, pandas) happens client-side through the datastore and blob services.

Collections: ``datasets.saved`` (SavedDatasetDto by id), ``datasets.saved-by-hash``
(same dataflow and type -> same saved id, as Azure deduplicates),
``datasets.registered`` (by lower-case name: the DatasetDto fields plus every version's
definition) and ``datasets.ids`` (registered dataset id -> name).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from typing import Any

from ...context import WorkspaceContext
from ...http import iso_time
from . import exceptions

SAVED = "datasets.saved"
SAVED_HASHES = "datasets.saved-by-hash"
REGISTERED = "datasets.registered"
IDS = "datasets.ids"

Doc = dict[str, Any]
_DATASTORE_URI = re.compile(r"azureml://subscriptions/[^/]+/resourcegroups/[^/]+/workspaces/"
                            r"[^/]+/datastores/(?P<datastore>[^/]+)/paths/(?P<path>[^\"'\s]*)",
                            re.IGNORECASE)


def rslex_yaml(dataflow_json: str | None) -> str | None:
    """The RSLex YAML inside a dataflow JSON (``meta.RsDataflow``), if any."""
    try:
        document = json.loads(dataflow_json or "")
    except ValueError:
        return None
    meta = document.get("meta") if isinstance(document, dict) else None
    value = meta.get("RsDataflow") if isinstance(meta, dict) else None
    return str(value) if value else None


def datastore_paths(dataflow_json: str | None) -> list[tuple[str, str]]:
    """(datastore, path) pairs a dataflow reads: what a mount or download lays out."""
    text = rslex_yaml(dataflow_json) or dataflow_json or ""
    return [(m.group("datastore"), m.group("path")) for m in _DATASTORE_URI.finditer(text)]


class DatasetStore:
    """Saved and registered v1 datasets of the workspace."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store
        self._lock = threading.RLock()

    # saved datasets -------------------------------------------------------------------
    def ensure_saved(self, body: Doc) -> Doc:
        """The saved dataset for this dataflow and type (created on first sight)."""
        flow = str(body.get("dataflowJson") or "")
        kind = str(body.get("datasetType") or "")
        digest = hashlib.sha256(f"{kind}\x1f{flow}".encode()).hexdigest()
        with self._lock:
            known = self.store.get(SAVED_HASHES, digest)
            if known is not None:
                return self.saved(str(known))
            saved_id = str(uuid.uuid4())
            saved: Doc = {"id": saved_id, "datasetType": kind or None,
                          "properties": body.get("properties") or {}, "dataflowJson": flow,
                          "dataChanged": False, "dataPath": body.get("dataPath")}
            self.store.put(SAVED, saved_id, saved)
            self.store.put(SAVED_HASHES, digest, saved_id)
            return dict(saved)

    def saved(self, saved_id: str) -> Doc:
        """A saved dataset; a registered dataset's id resolves to its latest definition."""
        found = self.store.get(SAVED, saved_id)
        if found is None and self.store.get(IDS, saved_id) is not None:
            found = self.store.get(SAVED, str(self.by_id(saved_id)["latest"]["savedDatasetId"]))
        if found is None:
            raise exceptions.dataset_not_found(saved_id)
        return dict(found)

    # registered datasets --------------------------------------------------------------
    def register(self, dto: Doc, *, exist_ok: bool, new_version: bool) -> Doc:
        """Register ``dto`` under its name; a changed definition becomes a new version."""
        name = str(dto.get("name") or "")
        latest = dict(dto.get("latest") or {})
        saved = self.ensure_saved({"dataflowJson": latest.get("dataflow"),
                                   "datasetType": dto.get("datasetType"),
                                   "properties": latest.get("properties")})
        with self._lock:
            entry = self.store.get(REGISTERED, name.lower())
            if entry is not None and not exist_ok:
                raise exceptions.dataset_exists(name)
            now = iso_time()
            if entry is None:
                entry = {"datasetId": str(uuid.uuid4()), "name": name, "createdTime": now,
                         "versions": [], "datasetType": dto.get("datasetType")}
                self.store.put(IDS, entry["datasetId"], name.lower())
            versions: list[Doc] = entry["versions"]
            same = versions and versions[-1]["savedDatasetId"] == saved["id"]
            if not versions or (new_version and not same):
                versions.append({
                    "datasetId": entry["datasetId"], "versionId": str(len(versions) + 1),
                    "datasetDefinitionState": {"state": "active", "deprecatedBy": None,
                                               "etag": None},
                    "dataflow": latest.get("dataflow"), "dataPath": latest.get("dataPath"),
                    "partitionFormatInPath": None, "profileActionResult": None,
                    "notes": None, "etag": uuid.uuid4().hex, "createdTime": now,
                    "modifiedTime": now, "fileType": latest.get("fileType"),
                    "properties": latest.get("properties") or {},
                    "savedDatasetId": saved["id"]})
            # a registration that gives no description or tags keeps the dataset's own
            described = dto.get("description") is not None
            entry.update({"description": dto.get("description") if described
                          else entry.get("description"),
                          "tags": dto.get("tags") if dto.get("tags") is not None
                          else entry.get("tags") or {},
                          "modifiedTime": now, "etag": uuid.uuid4().hex,
                          "datasetType": dto.get("datasetType") or entry.get("datasetType")})
            self.store.put(REGISTERED, name.lower(), entry)
            return self._dto(entry)

    def _entry(self, name: str) -> Doc:
        found = self.store.get(REGISTERED, name.lower())
        if found is None:
            raise exceptions.dataset_not_found(name)
        return dict(found)

    @staticmethod
    def _dto(entry: Doc, version: str | None = None) -> Doc:
        versions: list[Doc] = entry["versions"]
        chosen = versions[-1]
        if version not in (None, "", "latest"):
            matches = [v for v in versions if v["versionId"] == str(version)]
            if not matches:
                raise exceptions.dataset_not_found(f"{entry['name']}:{version}")
            chosen = matches[0]
        return {"datasetId": entry["datasetId"], "name": entry["name"],
                "datasetState": {"state": "active", "deprecatedBy": None, "etag": None},
                "latest": chosen, "createdTime": entry["createdTime"],
                "modifiedTime": entry["modifiedTime"], "etag": entry["etag"],
                "description": entry.get("description"), "tags": entry.get("tags") or {},
                "isVisible": True, "defaultCompute": None,
                "datasetType": entry.get("datasetType")}

    def by_name(self, name: str, version: str | None = None) -> Doc:
        return self._dto(self._entry(name), version)

    def is_registered(self, dataset_id: str) -> bool:
        return self.store.get(IDS, dataset_id) is not None

    def by_id(self, dataset_id: str, version: str | None = None) -> Doc:
        name = self.store.get(IDS, dataset_id)
        if name is None:
            raise exceptions.dataset_not_found(dataset_id)
        return self._dto(self._entry(str(name)), version)

    def by_saved_id(self, saved_id: str) -> list[Doc]:
        """Registered versions whose definition is this saved dataset."""
        found = []
        for _, entry in self.store.list(REGISTERED):
            for version in entry["versions"]:
                if version["savedDatasetId"] == saved_id:
                    found.append(self._dto(entry, version["versionId"]))
        return found

    def all(self) -> list[Doc]:
        return [self._dto(entry) for _, entry in self.store.list(REGISTERED)]

    # reading back ---------------------------------------------------------------------
    def dataflow_of(self, key: str, version: str | None = None) -> Doc:
        """The saved dataset behind ``unregistered-<saved id>`` or a registered name."""
        if key.startswith("unregistered-"):
            return self.saved(key[len("unregistered-"):])
        dto = self.by_name(key, version)
        return self.saved(str(dto["latest"]["savedDatasetId"]))
