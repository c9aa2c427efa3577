"""The online endpoint backend: endpoints, deployments, credentials and scoring processes.

An endpoint is a document with its keys; each deployment is a document plus, once
Succeeded, an ``azmlinfsrv`` process kept by the shared :class:`ScoringManager`. Writes
that Azure runs as long-running operations create an operation (:class:`OperationStore`);
deployment operations settle when the scoring server answers or dies.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...executor.environments import Requirements, from_v2_environment
from ...executor.environments.runtime import build_for_job, folder_publisher, for_scoring
from ...executor.scoring import SERVER_LOG, Launch, LaunchResult, ScoringManager, wait_for_port
from ...http import iso_time
from .._endpoints import key_pair, regenerate_key
from ..aad.models import b64url, b64url_decode, make_jwt
from ..assets.models import AssetBackend
from . import exceptions
from .layout import lay_out

ENDPOINTS = "onlineendpoints.endpoints"
DEPLOYMENTS = "onlineendpoints.deployments"
OPERATIONS = "onlineendpoints.operations"
OPERATION_ENDS = frozenset({"Succeeded", "Failed", "Canceled"})
AUTH_MODES = {"key": "Key", "amltoken": "AMLToken", "aadtoken": "AADToken"}
TOKEN_LIFETIME_S = 24 * 3600
TROUBLESHOOTING = "https://aka.ms/oe-tsg#error-resourcenotready"
_PROBE = {"initialDelay": "PT10S", "period": "PT10S", "timeout": "PT2S", "successThreshold": 1,
          "failureThreshold": 30}
DEPLOYMENT_DEFAULTS: dict[str, Any] = {
    "scaleSettings": {"scaleType": "Default"},
    "requestSettings": {"requestTimeout": "PT5S", "maxConcurrentRequestsPerInstance": 1,
                        "maxQueueWait": "PT0.5S"},
    "livenessProbe": _PROBE, "readinessProbe": _PROBE, "appInsightsEnabled": False,
    "egressPublicNetworkAccess": "Enabled", "environmentVariables": {}, "properties": {},
}
"""What Azure fills in for a deployment that leaves these out (the SDK needs scaleSettings)."""


def _key(endpoint: str, deployment: str) -> str:
    return f"v2/{endpoint}/{deployment}"


def deployment_failure(message: str) -> dict[str, Any]:
    """The error of a deployment whose container ended before it was ready."""
    text = (f"User container has crashed or terminated: Error in entry script, {message}. "
            f"Please see troubleshooting guide, available here: {TROUBLESHOOTING}")
    return {"code": "ResourceNotReady", "message": text, "details": [], "additionalInfo": []}


class OperationStore:
    """ARM long-running operations of endpoints and deployments, each naming what it waits for.

    Azure answers a PUT or DELETE with an operation the client polls; the status route
    waits for the work (a scoring server's launch) to settle before answering.
    """

    def __init__(self, context: WorkspaceContext) -> None:
        self.store = context.store

    def create(self, waits_for: str | None, status: str = "InProgress") -> dict[str, Any]:
        """A new operation; ``waits_for`` is the scoring key whose launch settles it."""
        operation_id = str(uuid.uuid4())
        operation = {"name": operation_id, "status": status, "startTime": iso_time(),
                     "endTime": None if status not in OPERATION_ENDS else iso_time(),
                     "error": None, "waitsFor": waits_for}
        self.store.put(OPERATIONS, operation_id, operation)
        return operation

    def settle(self, operation_id: str, status: str, error: dict[str, Any] | None = None) -> None:
        operation = self.store.get(OPERATIONS, operation_id)
        if operation is not None:
            operation.update(status=status, error=error, endTime=iso_time())
            self.store.put(OPERATIONS, operation_id, operation)

    def get(self, operation_id: str) -> dict[str, Any] | None:
        found = self.store.get(OPERATIONS, operation_id)
        return None if found is None else dict(found)


class EndpointBackend:
    """Create, find, authenticate, score and delete online endpoints and deployments."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.store = context.store
        self.scoring = context.backend(ScoringManager)
        self.operations = context.backend(OperationStore)
        self._lock = threading.RLock()

    def folder(self, endpoint: str, deployment: str | None = None) -> Path:
        root = self.context.directory / "endpoints" / "online" / endpoint
        return root / deployment if deployment else root

    def _system_data(self, previous: dict[str, Any] | None) -> dict[str, Any]:
        now, user = iso_time(), self.settings.user_name
        created = previous["systemData"] if previous else {
            "createdAt": now, "createdBy": user, "createdByType": "User"}
        return {**{k: created[k] for k in ("createdAt", "createdBy", "createdByType")},
                "lastModifiedAt": now, "lastModifiedBy": user, "lastModifiedByType": "User"}

    # endpoints ----------------------------------------------------------------------------
    def endpoint(self, name: str) -> dict[str, Any]:
        found = self.store.get(ENDPOINTS, name)
        if found is None:
            raise exceptions.endpoint_not_found(name)
        return dict(found)

    def find_endpoint(self, name: str) -> dict[str, Any] | None:
        found = self.store.get(ENDPOINTS, name)
        return None if found is None else dict(found)

    def endpoints(self) -> list[dict[str, Any]]:
        return [doc for _, doc in self.store.list(ENDPOINTS)]

    def put_endpoint(self, name: str, body: dict[str, Any]) -> tuple[dict[str, Any], bool, str]:
        """Create or update an endpoint; returns (document, created, operation id)."""
        props = dict(body.get("properties") or {})
        mode = AUTH_MODES.get(str(props.get("authMode") or "Key").lower())
        if mode is None:
            raise exceptions.bad_request(f"Auth mode {props.get('authMode')!r} is not one of "
                                         "Key, AMLToken, AADToken.")
        with self._lock:
            previous = self.store.get(ENDPOINTS, name)
            traffic = {k: int(v) for k, v in (props.get("traffic") or {}).items()}
            self._check_traffic(name, traffic)
            document = {
                "name": name, "location": body.get("location") or self.settings.region,
                "tags": body.get("tags") or {}, "kind": body.get("kind") or "Managed",
                "identity": body.get("identity"),
                "properties": {"authMode": mode, "description": props.get("description"),
                               "properties": props.get("properties") or {},
                               "traffic": traffic,
                               "mirrorTraffic": props.get("mirrorTraffic") or {},
                               "publicNetworkAccess": props.get("publicNetworkAccess")
                               or "Enabled", "provisioningState": "Succeeded"},
                "systemData": self._system_data(previous),
                "keys": previous["keys"] if previous else key_pair(),
            }
            self.store.put(ENDPOINTS, name, document)
        operation = self.operations.create(None, status="Succeeded")
        return document, previous is None, str(operation["name"])

    def _check_traffic(self, endpoint: str, traffic: dict[str, int]) -> None:
        known = {d["name"] for d in self.deployments(endpoint)}
        unknown = sorted(set(traffic) - known)
        if unknown:
            raise exceptions.bad_request(
                f"Traffic names deployment(s) {', '.join(unknown)} that endpoint {endpoint} "
                "does not have.")
        total = sum(traffic.values())
        if traffic and total not in (0, 100):
            raise exceptions.bad_request(f"Traffic values must add up to 100, not {total}.")

    def delete_endpoint(self, name: str) -> str | None:
        """Delete the endpoint and all its deployments; the operation id, None if absent."""
        with self._lock:
            if self.store.get(ENDPOINTS, name) is None:
                return None
            for deployment in self.deployments(name):
                self.scoring.stop(_key(name, deployment["name"]))
                self.store.delete(DEPLOYMENTS, f"{name}/{deployment['name']}")
            self.store.delete(ENDPOINTS, name)
            shutil.rmtree(self.folder(name), ignore_errors=True)
        return str(self.operations.create(None, status="Succeeded")["name"])

    # credentials --------------------------------------------------------------------------
    def keys(self, name: str) -> dict[str, str]:
        return dict(self.endpoint(name)["keys"])

    def regenerate_key(self, name: str, key_type: str, value: str | None) -> str:
        with self._lock:
            document = self.endpoint(name)
            regenerate_key(document["keys"], key_type, value)
            self.store.put(ENDPOINTS, name, document)
        return str(self.operations.create(None, status="Succeeded")["name"])

    def token(self, name: str) -> dict[str, Any]:
        """An AML token for scoring ``name`` (a JWT naming the endpoint, a day long)."""
        self.endpoint(name)
        now = int(time.time())
        s = self.settings
        token = make_jwt({"aud": f"https://{name}.{s.region}.inference.ml.azure.com",
                          "iss": "azureml", "iat": now, "nbf": now,
                          "exp": now + TOKEN_LIFETIME_S, "tid": s.tenant_id,
                          "oid": s.user_object_id, "endpoint": name})
        return {"accessToken": token, "tokenType": "Bearer", "expiryTimeUtc": now +
                TOKEN_LIFETIME_S, "refreshAfterTimeUtc": now + TOKEN_LIFETIME_S // 2}

    def authorized(self, document: dict[str, Any], header: str | None) -> bool:
        """Whether ``Authorization: Bearer ...`` is accepted by the endpoint's auth mode."""
        given = (header or "").removeprefix("Bearer ").strip()
        if not given or not header or not header.startswith("Bearer "):
            return False
        mode = document["properties"]["authMode"]
        if mode == "Key":
            return given in document["keys"].values()
        claims = _claims(given)
        if claims is None or int(claims.get("exp", 0)) < time.time():
            return False
        if mode == "AMLToken":
            return claims.get("endpoint") == document["name"]
        return claims.get("tid") == self.settings.tenant_id

    # deployments --------------------------------------------------------------------------
    def deployment(self, endpoint: str, name: str) -> dict[str, Any]:
        self.endpoint(endpoint)
        found = self.store.get(DEPLOYMENTS, f"{endpoint}/{name}")
        if found is None:
            raise exceptions.deployment_not_found(endpoint, name)
        return dict(found)

    def deployments(self, endpoint: str) -> list[dict[str, Any]]:
        return [doc for _, doc in self.store.list(DEPLOYMENTS, f"{endpoint}/")]

    def put_deployment(self, endpoint: str, name: str,
                       body: dict[str, Any]) -> tuple[dict[str, Any], bool, str]:
        """Create or replace a deployment and start its scoring server in the background."""
        props = dict(body.get("properties") or {})
        compute = str(props.get("endpointComputeType") or "Managed")
        if compute != "Managed":
            raise exceptions.bad_request(f"Endpoint compute type {compute!r} is not served by "
                                         "the aml-parity local workspace; use a managed "
                                         "online deployment.")
        with self._lock:
            self.endpoint(endpoint)
            previous = self.store.get(DEPLOYMENTS, f"{endpoint}/{name}")
            operation = self.operations.create(_key(endpoint, name))
            for field, value in DEPLOYMENT_DEFAULTS.items():
                if props.get(field) is None:
                    props[field] = json.loads(json.dumps(value))
            props["provisioningState"] = "Updating" if previous else "Creating"
            document = {"endpoint": endpoint, "name": name,
                        "location": body.get("location") or self.settings.region,
                        "tags": body.get("tags") or {}, "kind": body.get("kind") or "Managed",
                        "sku": body.get("sku") or {"name": "Default", "capacity": 1},
                        "properties": props, "systemData": self._system_data(previous),
                        "operationId": operation["name"]}
            self.store.put(DEPLOYMENTS, f"{endpoint}/{name}", document)
        self._launch(endpoint, name, props)
        return document, previous is None, str(operation["name"])

    def _launch(self, endpoint: str, name: str, props: dict[str, Any]) -> None:
        folder = self.folder(endpoint, name)

        def prepare() -> Launch:
            wait_for_port(self.context)  # a restart launches before the port is bound
            layout = lay_out(self.context, folder / "app", props,
                             folder / "logs" / "storage-initializer.log")
            variables = {str(k): str(v) for k, v in
                         (props.get("environmentVariables") or {}).items()}
            variables["AML_APP_ROOT"] = str(layout.app_root)
            if layout.model_dir is not None:
                variables["AZUREML_MODEL_DIR"] = str(layout.model_dir)
            python = build_for_job(self.context, lambda: self._environment(props),
                                   folder_publisher(folder), "deployment")
            return Launch.in_folder(self.context, folder, layout.entry_script, layout.app_root,
                                    variables, python)

        self.scoring.launch(_key(endpoint, name), prepare,
                            lambda result: self._settle(endpoint, name, result))

    def _environment(self, props: dict[str, Any]) -> Requirements | None:
        """What the deployment's environment asset declares, plus the scoring server."""
        reference = props.get("environmentId")
        if not reference:
            return None
        asset = self.context.backend(AssetBackend).resolve(str(reference))
        return for_scoring(from_v2_environment(asset.get("properties") or {}, str(reference)))

    def _settle(self, endpoint: str, name: str, result: LaunchResult) -> None:
        with self._lock:
            document = self.store.get(DEPLOYMENTS, f"{endpoint}/{name}")
            if document is None:
                return
            error = None if result.succeeded else deployment_failure(
                result.error or "unknown error")
            document["properties"]["provisioningState"] = (
                "Succeeded" if result.succeeded else "Failed")
            self.store.put(DEPLOYMENTS, f"{endpoint}/{name}", document)
            self.operations.settle(document["operationId"],
                                   "Succeeded" if result.succeeded else "Failed", error)

    def delete_deployment(self, endpoint: str, name: str) -> str:
        with self._lock:
            self.deployment(endpoint, name)
            self.scoring.stop(_key(endpoint, name))
            self.store.delete(DEPLOYMENTS, f"{endpoint}/{name}")
            document = self.endpoint(endpoint)
            document["properties"]["traffic"].pop(name, None)
            document["properties"]["mirrorTraffic"].pop(name, None)
            self.store.put(ENDPOINTS, endpoint, document)
            shutil.rmtree(self.folder(endpoint, name), ignore_errors=True)
        return str(self.operations.create(None, status="Succeeded")["name"])

    def log_path(self, endpoint: str, name: str, container: str | None) -> Path:
        self.deployment(endpoint, name)
        folder = self.folder(endpoint, name)
        if (container or "").lower() == "storageinitializer":
            return folder / "logs" / "storage-initializer.log"
        return folder / SERVER_LOG

    # scoring ------------------------------------------------------------------------------
    def route(self, document: dict[str, Any], requested: str | None) -> str | None:
        """The deployment a request goes to: the one named, else one drawn by traffic."""
        if requested:
            return requested if self.store.get(
                DEPLOYMENTS, f"{document['name']}/{requested}") else None
        weights = {k: v for k, v in document["properties"]["traffic"].items() if v > 0}
        if not weights:
            return None
        return random.choices(list(weights), weights=list(weights.values()))[0]

    def scoring_port(self, endpoint: str, name: str, wait: float) -> int | None:
        return self.scoring.port(_key(endpoint, name), wait)

    def operation_settled(self, waits_for: str | None, wait: float) -> None:
        if waits_for:
            self.scoring.wait(waits_for, wait)

    # restart ------------------------------------------------------------------------------
    def restart_succeeded(self) -> None:
        """Startup hook: start again the deployments that were Succeeded (or starting)."""
        for _, document in self.store.list(DEPLOYMENTS):
            props = document["properties"]
            if props.get("provisioningState") in ("Succeeded", "Creating", "Updating"):
                self._launch(document["endpoint"], document["name"], props)


def start_online_endpoints(context: WorkspaceContext) -> None:
    """Server start: the deployments that were Succeeded (or starting) run again."""
    context.backend(EndpointBackend).restart_succeeded()


def _claims(token: str) -> dict[str, Any] | None:
    """The claims of a JWT minted by this workspace (its digest checked), else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    header, payload, digest = parts
    if b64url(hashlib.sha256(f"{header}.{payload}".encode()).digest()) != digest:
        return None
    try:
        claims = json.loads(b64url_decode(payload))
    except (ValueError, json.JSONDecodeError):
        return None
    return claims if isinstance(claims, dict) else None
