"""The v1 web service backend: ACI services, their operations and their scoring servers.

A service is a document (``webservices.services``) plus, while it is Healthy, an
``azmlinfsrv`` process kept by the shared :class:`ScoringManager`. Creating or deleting
a service starts an operation (``webservices.operations``), as model management does;
the deploy operation settles when the scoring server answers or dies.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...executor.environments import from_v1_environment
from ...executor.environments.runtime import build_for_job, folder_publisher, for_scoring
from ...executor.scoring import SERVER_LOG, Launch, LaunchResult, ScoringManager, wait_for_port
from ...http import iso_time
from .._endpoints import key_pair, regenerate_key
from . import exceptions
from .layout import lay_out

SERVICES = "webservices.services"
OPERATIONS = "webservices.operations"
SUPPORTED_COMPUTE = "ACI"
RUNNING = frozenset({"NotStarted", "Running"})


def _key(name: str) -> str:
    return f"v1/{name}"


def failure(message: str) -> dict[str, Any]:
    """The error ACI reports when the container's entry script fails."""
    detail = (f"Error in entry script, {message}, please run print(service.get_logs()) to "
              "get details.")
    text = f"Aci Deployment failed with exception: {detail}"
    return {"code": "AciDeploymentFailed", "statusCode": 400, "message": text,
            "details": [{"code": "CrashLoopBackOff", "message": detail}]}


class WebserviceBackend:
    """Create, find, score and delete the workspace's v1 web services."""

    def __init__(self, context: WorkspaceContext) -> None:
        self.context = context
        self.settings = context.settings
        self.store = context.store
        self.scoring = context.backend(ScoringManager)
        self._lock = threading.RLock()

    def folder(self, name: str) -> Path:
        return self.context.directory / "endpoints" / "webservices" / name

    # queries ------------------------------------------------------------------------------
    def get(self, name: str) -> dict[str, Any]:
        found = self.store.get(SERVICES, name)
        if found is None:
            raise exceptions.not_found("Service", name)
        return dict(found)

    def find(self, name: str) -> dict[str, Any] | None:
        found = self.store.get(SERVICES, name)
        return None if found is None else dict(found)

    def list(self) -> list[dict[str, Any]]:
        return [doc for _, doc in self.store.list(SERVICES)]

    def by_host_label(self, label: str) -> dict[str, Any] | None:
        """The service whose scoring host starts with ``label`` (its DNS label)."""
        return next((doc for doc in self.list() if doc["dnsLabel"] == label), None)

    def operation(self, operation_id: str, wait: float = 0.0) -> dict[str, Any]:
        """An operation; while it runs, wait up to ``wait`` seconds for it to settle."""
        found = self.store.get(OPERATIONS, operation_id)
        if found is None:
            raise exceptions.not_found("Operation", operation_id)
        if found["state"] in RUNNING and wait > 0:
            self.scoring.wait(_key(found["serviceName"]), wait)
            found = self.store.get(OPERATIONS, operation_id) or found
        return dict(found)

    # create -------------------------------------------------------------------------------
    def name_taken_message(self, name: str) -> str | None:
        if self.find(name) is None:
            return None
        return (f"Service {name} with the same name already exists, please use a different "
                "service name or delete the existing service.")

    def create(self, payload: dict[str, Any]) -> str:
        """Start deploying the service described by ``payload``; returns the operation id."""
        name = str(payload.get("name") or "")
        compute = str(payload.get("computeType") or "")
        if not name:
            raise exceptions.bad_request("A service needs a name.")
        if compute != SUPPORTED_COMPUTE:
            raise exceptions.bad_request(
                f"Compute type {compute!r} is not deployed by the aml-parity local workspace; "
                "it deploys ACI web services (AciWebservice.deploy_configuration()).")
        if not payload.get("environmentImageRequest"):
            raise exceptions.bad_request("A service needs an environmentImageRequest.")
        with self._lock:
            existing = self.find(name)
            if existing is not None and not payload.get("overwrite"):
                raise exceptions.conflict(self.name_taken_message(name) or name)
            now = iso_time()
            operation = self._new_operation(name, "Deploy")
            document = {
                "name": name, "payload": {k: v for k, v in payload.items() if k != "keys"},
                "state": "Transitioning", "error": None,
                "createdTime": existing["createdTime"] if existing else now, "updatedTime": now,
                "operationId": operation["id"],
                "dnsLabel": existing["dnsLabel"] if existing else str(uuid.uuid4()),
                "keys": key_pair(payload.get("keys")),
            }
            self.store.put(SERVICES, name, document)
        self._launch(name, payload["environmentImageRequest"])
        return str(operation["id"])

    def _new_operation(self, name: str, kind: str, state: str = "Running") -> dict[str, Any]:
        s = self.settings
        operation_id = str(uuid.uuid4())
        operation = {"id": operation_id, "operationType": kind, "state": state,
                     "createdTime": iso_time(), "endTime": None if state in RUNNING else iso_time(),
                     "serviceName": name, "error": None,
                     "resourceLocation": f"/api{s.workspace_arm_id}/services/{name}",
                     "operationDetails": {"subOperationType": "DeployService"}}
        self.store.put(OPERATIONS, operation_id, operation)
        return operation

    def _launch(self, name: str, request: dict[str, Any]) -> None:
        folder = self.folder(name)

        def prepare() -> Launch:
            wait_for_port(self.context)  # a restart launches before the port is bound
            layout = lay_out(self.context, folder / "app", request)
            variables = {**layout.variables, "AZUREML_MODEL_DIR": str(layout.model_dir),
                         "AML_APP_ROOT": str(layout.app), "SERVICE_NAME": name,
                         "WORKSPACE_NAME": self.settings.workspace_name}
            environment = request.get("environment")
            python = build_for_job(
                self.context,
                lambda: for_scoring(from_v1_environment(environment)) if environment else None,
                folder_publisher(folder), "service")
            return Launch.in_folder(self.context, folder, layout.entry_script, layout.app,
                                    variables, python)

        self.scoring.launch(_key(name), prepare, lambda result: self._settle(name, result))

    def _settle(self, name: str, result: LaunchResult) -> None:
        """Record how the deployment ended on the service and on its operation."""
        with self._lock:
            document = self.find(name)
            if document is None:
                return
            error = None if result.succeeded else failure(result.error or "unknown error")
            document.update(state="Healthy" if result.succeeded else "Unhealthy", error=error,
                            updatedTime=iso_time())
            self.store.put(SERVICES, name, document)
            operation = self.store.get(OPERATIONS, document["operationId"])
            if operation is not None:
                operation.update(state="Succeeded" if result.succeeded else "Failed",
                                 error=error, endTime=iso_time())
                self.store.put(OPERATIONS, operation["id"], operation)

    # delete -------------------------------------------------------------------------------
    def delete(self, name: str) -> str | None:
        """Stop and forget the service; returns the (finished) operation id, None if absent."""
        with self._lock:
            if self.find(name) is None:
                return None
            self.scoring.stop(_key(name))
            self.store.delete(SERVICES, name)
            shutil.rmtree(self.folder(name), ignore_errors=True)
            return str(self._new_operation(name, "Delete", state="Succeeded")["id"])

    # keys and logs ------------------------------------------------------------------------
    def keys(self, name: str) -> dict[str, str]:
        return dict(self.get(name)["keys"])

    def regenerate_key(self, name: str, key_type: str, value: str | None) -> str:
        with self._lock:
            document = self.get(name)
            regenerate_key(document["keys"], key_type, value)
            self.store.put(SERVICES, name, document)
            return str(self._new_operation(name, "RegenerateKeys", state="Succeeded")["id"])

    def log_path(self, name: str) -> Path:
        self.get(name)
        return self.folder(name) / SERVER_LOG

    def scoring_port(self, name: str, wait: float) -> int | None:
        return self.scoring.port(_key(name), wait)

    # restart ------------------------------------------------------------------------------
    def restart_healthy(self) -> None:
        """Startup hook: start again the services that were Healthy when the server stopped."""
        for document in self.list():
            if document["state"] in ("Healthy", "Transitioning"):
                self._launch(document["name"], document["payload"]["environmentImageRequest"])


def start_webservices(context: WorkspaceContext) -> None:
    """Server start: the services that were Healthy when the server stopped run again."""
    context.backend(WebserviceBackend).restart_healthy()
