"""The asset backend: versioned codes, environments, models, data and components.

A version is a document in ``assets.versions`` keyed ``<kind>/<name>/<version>``; its
container (``assets.containers``) is derived on every write, holding ``latestVersion``
and ``nextVersion`` the way the SDK's auto-increment reads them. Server-filled fields
(``provisioningState``, ``stage``, long-form URIs, JSON conda files ...) are added per
kind, following the real Azure answers in ``shared/real-traffic``.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ...context import WorkspaceContext
from ...curated import environments as curated_catalogue
from ...http import iso_time
from ...settings import Settings
from ..blob.models import BlobBackend
from ..blob.sas import container_sas_url
from . import curated, exceptions

ML = "Microsoft.MachineLearningServices"
VERSIONS = "assets.versions"
CONTAINERS = "assets.containers"
LATEST_LABEL = "azureml.labels"

Normaliser = Callable[[Settings, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class AssetKind:
    """One asset family: its URL segment, how Azure names it in errors, its own fields."""

    segment: str
    label: str
    normalise: Normaliser
    list_404_when_absent: bool = False


def _common(props: dict[str, Any]) -> dict[str, Any]:
    return {"description": props.get("description"), "tags": props.get("tags") or {},
            "properties": props.get("properties") or {},
            "isArchived": bool(props.get("isArchived", False)),
            "isAnonymous": bool(props.get("isAnonymous", False)),
            "autoDeleteSetting": props.get("autoDeleteSetting")}


def long_datastore_uri(settings: Settings, uri: str, group_word: str) -> str:
    """``azureml://datastores/x/paths/p`` in the long form Azure stores and returns."""
    if uri.startswith("azureml://datastores/"):
        return (f"azureml://subscriptions/{settings.subscription_id}/{group_word}/"
                f"{settings.resource_group}/workspaces/{settings.workspace_name}/"
                + uri[len("azureml://"):])
    return re.sub(r"/resource[gG]roups/", f"/{group_word}/", uri, count=1) \
        if uri.startswith("azureml://subscriptions/") else uri


def _code(settings: Settings, props: dict[str, Any]) -> dict[str, Any]:
    return {**_common(props), "codeUri": props.get("codeUri"), "provisioningState": "Succeeded"}


def _environment(settings: Settings, props: dict[str, Any]) -> dict[str, Any]:
    conda = props.get("condaFile")
    if isinstance(conda, str) and conda.strip():
        conda = _conda_as_json(conda)
    document = {**_common(props), "environmentType": "UserCreated",
                "image": props.get("image"), "condaFile": conda, "build": props.get("build"),
                "osType": props.get("osType") or "Linux",
                "inferenceConfig": props.get("inferenceConfig"),
                "autoRebuild": props.get("autoRebuild") or "Disabled",
                "provisioningState": "Succeeded", "stage": props.get("stage") or "Development",
                "intellectualProperty": None}
    # Azure leaves out an image environment's build and inference config rather than
    # writing null (real-traffic/environment_create_conda.json)
    return {k: v for k, v in document.items()
            if v is not None or k not in ("build", "inferenceConfig")}


def _conda_as_json(text: str) -> str:
    """Azure answers with the conda file re-serialised as indented JSON."""
    import yaml

    try:
        return json.dumps(yaml.safe_load(text), indent=2)
    except yaml.YAMLError:
        return text


def _model(settings: Settings, props: dict[str, Any]) -> dict[str, Any]:
    uri = props.get("modelUri") or ""
    return {**_common(props), "flavors": props.get("flavors") or {},
            "modelType": props.get("modelType") or "custom_model",
            "modelUri": long_datastore_uri(settings, uri, "resourceGroups"),
            "jobName": props.get("jobName"), "provisioningState": "Succeeded",
            "stage": props.get("stage") or "Development", "intellectualProperty": None}


def _data(settings: Settings, props: dict[str, Any]) -> dict[str, Any]:
    data_type = props.get("dataType")
    if data_type not in ("uri_file", "uri_folder", "mltable"):
        raise exceptions.bad_request(f"Data type {data_type!r} is not supported; use uri_file, "
                                     "uri_folder or mltable.")
    doc = {**_common(props),
           "dataUri": long_datastore_uri(settings, props.get("dataUri") or "", "resourcegroups"),
           "stage": props.get("stage"), "intellectualProperty": None, "dataType": data_type}
    if data_type == "mltable":
        doc["referencedUris"] = props.get("referencedUris") or []
    return doc


def _component(settings: Settings, props: dict[str, Any]) -> dict[str, Any]:
    """A component version: the spec as sent (command, code, environment, inputs ...)."""
    spec = props.get("componentSpec")
    if not isinstance(spec, dict):
        raise exceptions.bad_request("A component version needs a 'componentSpec' object.")
    return {**_common(props), "componentSpec": spec, "provisioningState": "Succeeded",
            "stage": props.get("stage")}


IMMUTABLE: dict[str, tuple[str, ...]] = {
    "codes": ("codeUri",),
    "environments": ("image", "condaFile", "build", "osType", "inferenceConfig"),
    "models": ("modelUri", "modelType"),
    "data": ("dataUri", "dataType"),
    "components": (),
}

KINDS: dict[str, AssetKind] = {
    "codes": AssetKind("codes", "Code", _code),
    "environments": AssetKind("environments", "Environment", _environment),
    "models": AssetKind("models", "Model", _model, list_404_when_absent=True),
    "data": AssetKind("data", "Data", _data),
    "components": AssetKind("components", "Component", _component),
}


def kind_of(segment: str) -> AssetKind:
    return KINDS[segment.lower()]


def _numeric(version: str) -> int | None:
    return int(version) if version.isdigit() else None


class AssetBackend:
    """Versioned assets of the one workspace."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.store = context.store

    def _system_data(self, created: str, modified: str) -> dict[str, Any]:
        user = self.settings.user_name
        return {"createdAt": created, "createdBy": user, "createdByType": "User",
                "lastModifiedAt": modified, "lastModifiedBy": user,
                "lastModifiedByType": "User"}

    def _version_id(self, kind: AssetKind, name: str, version: str) -> str:
        return f"{self.settings.workspace_arm_id}/{kind.segment}/{name}/versions/{version}"

    # versions -------------------------------------------------------------------------
    def put_version(self, kind: AssetKind, name: str, version: str,
                    properties: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Create or update a version; returns the document and whether it is new."""
        key = f"{kind.segment}/{name}/{version}"
        existing = self.store.get(VERSIONS, key)
        now = iso_time()
        props = kind.normalise(self.settings, properties)
        if existing is not None:
            self._check_immutable(kind, existing["properties"], props)
        created = existing["systemData"]["createdAt"] if existing else now
        document = {"id": self._version_id(kind, name, version), "name": version,
                    "type": f"{ML}/workspaces/{kind.segment}/versions", "properties": props,
                    "systemData": self._system_data(created, now),
                    "_created": existing["_created"] if existing else time.time()}
        self.store.put(VERSIONS, key, document)
        self._refresh_container(kind, name)
        return self.get_version(kind, name, version), existing is None

    @staticmethod
    def _check_immutable(kind: AssetKind, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Azure refuses (409) to change what an existing version is; tags may change.

        azure-ai-ml relies on this: an environment created without a version is first
        PUT onto the latest version, and only a 409 makes it take the next one.
        """
        changed = [f for f in IMMUTABLE[kind.segment] if old.get(f) != new.get(f)]
        if changed:
            raise exceptions.conflict(
                f"{kind.label} version already exists and differs in {', '.join(changed)}; "
                "asset versions are immutable. Use a new version.")

    def _curated(self, kind: AssetKind, name: str) -> curated_catalogue.CuratedEnvironment | None:
        """The curated environment ``name`` denotes, unless the workspace has its own."""
        if kind.segment != "environments" or self.store.list(VERSIONS, f"environments/{name}/"):
            return None
        return curated_catalogue.find(name)

    def get_version(self, kind: AssetKind, name: str, version: str) -> dict[str, Any]:
        document = self.store.get(VERSIONS, f"{kind.segment}/{name}/{version}")
        environment = self._curated(kind, name) if document is None else None
        if environment is not None and environment.has_version(version):
            return curated.version_document(self.settings, environment, version)
        if document is None:
            raise exceptions.not_found(
                f"{kind.label}VersionNotFound",
                f"Could not find asset with ID: {self._version_id(kind, name, version)}")
        return _public(document)

    def list_versions(self, kind: AssetKind, name: str, *, order_by: str = "",
                      top: int | None = None, content_hash: str = "",
                      view: str = "ActiveOnly") -> list[dict[str, Any]]:
        environment = self._curated(kind, name)
        docs = [doc for _, doc in self.store.list(VERSIONS, f"{kind.segment}/{name}/")] \
            if environment is None else curated.versions_newest_first(self.settings, environment)
        if not docs and kind.list_404_when_absent:
            raise self._container_missing(kind, name)
        if content_hash:
            docs = [d for d in docs
                    if d["properties"]["properties"].get("hash_sha256") == content_hash]
        if view.lower() == "activeonly":
            docs = [d for d in docs if not d["properties"].get("isArchived")]
        elif view.lower() == "archivedonly":
            docs = [d for d in docs if d["properties"].get("isArchived")]
        if "createdtime" in order_by.lower():
            docs.sort(key=lambda d: d.get("_created", int(d["name"])),
                      reverse="desc" in order_by.lower())
        else:
            docs.sort(key=lambda d: (_numeric(d["name"]) is None, _numeric(d["name"]) or 0,
                                     d["name"]), reverse=True)
        if top is not None:
            docs = docs[:top]
        return [_public(d) for d in docs]

    # containers -------------------------------------------------------------------------
    def _container_missing(self, kind: AssetKind, name: str) -> exceptions.MlError:
        return exceptions.not_found(f"{kind.label}NotFound",
                                    f"{kind.label} container with name: {name} not found.")

    def _refresh_container(self, kind: AssetKind, name: str) -> None:
        docs = [doc for _, doc in self.store.list(VERSIONS, f"{kind.segment}/{name}/")]
        latest = max(docs, key=lambda d: d["_created"])
        numbers = [n for n in (_numeric(d["name"]) for d in docs) if n is not None]
        if kind.segment == "environments":
            self._move_latest_label(name, docs, latest)
        existing = self.store.get(CONTAINERS, f"{kind.segment}/{name}")
        created = existing["systemData"]["createdAt"] if existing else latest["systemData"][
            "createdAt"]
        props = latest["properties"]
        self.store.put(CONTAINERS, f"{kind.segment}/{name}", {
            "id": f"{self.settings.workspace_arm_id}/{kind.segment}/{name}", "name": name,
            "type": f"{ML}/workspaces/{kind.segment}",
            "properties": {"description": props.get("description"), "tags": props.get("tags"),
                           "properties": {}, "isArchived": False,
                           "latestVersion": latest["name"],
                           "nextVersion": str(max(numbers, default=0) + 1),
                           "provisioningState": "Succeeded"},
            "systemData": self._system_data(created, iso_time()),
        })

    def _move_latest_label(self, name: str, docs: list[dict[str, Any]],
                           latest: dict[str, Any]) -> None:
        """Only the newest environment version carries ``azureml.labels: latest``."""
        for doc in docs:
            labels = doc["properties"]["properties"]
            wanted = doc is latest
            if wanted != (labels.get(LATEST_LABEL) == "latest"):
                if wanted:
                    labels[LATEST_LABEL] = "latest"
                else:
                    labels.pop(LATEST_LABEL, None)
                self.store.put(VERSIONS, f"environments/{name}/{doc['name']}", doc)

    def container(self, kind: AssetKind, name: str) -> dict[str, Any]:
        document = self.store.get(CONTAINERS, f"{kind.segment}/{name}")
        environment = self._curated(kind, name) if document is None else None
        if environment is not None:
            return curated.container_document(self.settings, environment)
        if document is None:
            raise self._container_missing(kind, name)
        return dict(document)

    def containers(self, kind: AssetKind) -> list[dict[str, Any]]:
        """The workspace's containers; for environments, the curated ones after them."""
        documents = [doc for _, doc in self.store.list(CONTAINERS, f"{kind.segment}/")]
        if kind.segment == "environments":
            own = {d["name"].lower() for d in documents}
            documents += [curated.container_document(self.settings, e)
                          for e in curated_catalogue.catalogue() if e.name.lower() not in own]
        return documents

    # code uploads ------------------------------------------------------------------------
    def start_pending_upload(self, name: str, version: str) -> dict[str, Any]:
        """A fresh container on the workspace storage account, writable through a SAS."""
        s = self.settings
        container = f"code-{uuid.uuid4()}"
        self.context.backend(BlobBackend).ensure_container(s.storage_account, container)
        sas = container_sas_url(s, container, permission="racwl")
        return {
            "blobReferenceForConsumption": {
                "blobUri": f"https://{s.blob_host}/{container}",
                "storageAccountArmId": s.resource_id("Microsoft.Storage/storageAccounts",
                                                     s.storage_account),
                "credential": {"credentialType": "SAS", "sasUri": sas},
            },
            "pendingUploadId": str(uuid.uuid4()),
            "pendingUploadType": "TemporaryBlobReference",
        }

    # references from jobs ----------------------------------------------------------------
    def resolve(self, reference: str) -> dict[str, Any]:
        """The version a job's ``codeId``/``environmentId`` names (ARM id, ``azureml:`` id).

        Raises the asset's 404 when it does not exist.
        """
        text = reference.removeprefix("azureml:")
        match = re.search(r"/(codes|environments|models|data|components)/([^/]+)/versions/([^/]+)$",
                          text)
        if match is not None:
            return self.get_version(kind_of(match.group(1)), match.group(2), match.group(3))
        short = curated_catalogue.parse_short_reference(reference)
        if short is not None and curated_catalogue.is_curated_name(short[0]):
            return self.resolve_curated(*short)
        raise exceptions.bad_request(
            f"Asset reference {reference!r} is not an ARM id"
            + ("" if short is None else "; only curated environments (AzureML-...) may be "
               "named name:version or name@latest"))

    def resolve_curated(self, name: str, version: str | None, label: str | None) -> dict[str, Any]:
        """``azureml:AzureML-x:33`` or ``azureml:AzureML-x@latest``, which Azure expands."""
        kind = kind_of("environments")
        if label is not None:
            if label != "latest":
                raise exceptions.bad_request(f"Environment label {label!r} is not supported; "
                                             "use 'latest' or a version.")
            version = self.container(kind, name)["properties"]["latestVersion"]
        return self.get_version(kind, name, str(version))


def blob_location(uri: str) -> tuple[str, str, str]:
    """``(account, container, prefix)`` of an ``https://<account>.blob...`` URI."""
    parts = urlsplit(uri)
    account = parts.hostname.split(".", 1)[0] if parts.hostname else ""
    container, _, prefix = parts.path.lstrip("/").partition("/")
    return account, container, prefix


def _public(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if not k.startswith("_")}
