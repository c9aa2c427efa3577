"""Run one v2 command job: lay out code and inputs, run the command, keep what it made.

The glue between a stored job resource and the executor's core: it builds the
:class:`JobSpec`, prepares the working folder (code asset, inputs, the command with
``${{...}}`` bound, the job's environment) and, at the end, uploads ``./outputs`` and
``./logs`` as run artifacts, the log as ``user_logs/std_log.txt`` (a distributed job:
one ``user_logs/std_log_process_<rank>.txt`` per process), and each named output to its
datastore path, as Azure ML compute does. No HTTP here.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...context import WorkspaceContext
from ...services.aad.models import make_jwt
from ...services.artifacts.models import ArtifactStore
from ...services.assets.models import AssetBackend
from ...services.blob.models import BlobBackend
from ...services.jobs.locations import BlobLocation, local_path, locate
from ...services.runhistory.models import RunStore
from .. import (
    DataInput,
    JobKind,
    JobSpec,
    Replica,
    RunScope,
    job_env,
    materialize,
    network_env,
    substitute_command,
)
from ..distribution import from_v2, roles
from ..environments import Requirements, from_v2_environment
from ..environments.runtime import build_for_job
from ..materialize import InputValue

LOG_ARTIFACT = "user_logs/std_log.txt"
TOKEN_LIFETIME_S = 24 * 3600
_MODES = {"readonlymount": "ro_mount", "evalmount": "ro_mount", "download": "download",
          "evaldownload": "download", "direct": "direct", "readwritemount": "ro_mount",
          "upload": "ro_mount"}
_COPIED_FOLDERS = ("outputs", "logs")


def job_folder(context: WorkspaceContext, name: str) -> Path:
    return context.directory / "jobs" / name


def run_token(context: WorkspaceContext, run_id: str) -> str:
    """The AML token a job gets: a JWT with ``exp``, minted like the AAD service's tokens."""
    s = context.settings
    now = int(time.time())
    return make_jwt({"aud": "https://management.azure.com", "iss": f"https://sts.windows.net/"
                     f"{s.tenant_id}/", "iat": now, "nbf": now, "exp": now + TOKEN_LIFETIME_S,
                     "tid": s.tenant_id, "oid": s.user_object_id, "sub": s.user_object_id,
                     "appid": s.client_id, "idtyp": "app", "runId": run_id})


def job_network_env(context: WorkspaceContext) -> dict[str, str]:
    """Proxy, CA and isolation variables so SDK calls in the job reach this workspace."""
    return {**network_env(context.ca_bundle, context.port),
            "AZUREML_LOG_DEPRECATION_WARNING_ENABLED": "false"}


class CommandJobRun:
    """The prepare and finalize steps of one command job (executor hooks)."""

    def __init__(self, context: WorkspaceContext, job: dict[str, Any]) -> None:
        self.context = context
        self.job = job
        self.name: str = job["name"]
        self.props: dict[str, Any] = job["properties"]
        self.folder = job_folder(context, self.name)
        self.working_dir = self.folder / "wd"
        self.data_dir = self.folder / "data"
        self.log_names = [LOG_ARTIFACT]

    def spec(self) -> JobSpec:
        """A placeholder spec; :meth:`prepare` fills in the bound command and environment."""
        return JobSpec(job_id=self.name, kind=JobKind.V2, working_dir=self.working_dir,
                       log_path=self.folder / LOG_ARTIFACT,
                       command=self.props.get("command") or "", python=Path(sys.executable),
                       timeout=self._timeout())

    def _timeout(self) -> float | None:
        limits = self.props.get("limits") or {}
        text = limits.get("timeout")
        if not isinstance(text, str) or not text.startswith("PT"):
            return None
        import isodate

        return float(isodate.parse_duration(text).total_seconds())

    # prepare ------------------------------------------------------------------------------
    def prepare(self, spec: JobSpec) -> JobSpec:
        code = self._code_folder()
        inputs = {name: self._input(value) for name, value in
                  (self.props.get("inputs") or {}).items()}
        outputs = [name for name in (self.props.get("outputs") or {}) if name != "default"]
        layout = materialize(self.working_dir, self.data_dir, code=code, inputs=inputs,
                             outputs=outputs)
        command = substitute_command(spec.command or "", layout.inputs, layout.outputs)
        env = job_env(self._scope(), JobKind.V2, inputs=layout.inputs, outputs=layout.outputs,
                      network=job_network_env(self.context))
        env.update({k: str(v) for k, v in (self.props.get("environmentVariables") or {}).items()})
        env["AZUREML_CR_EXECUTION_WORKING_DIR_PATH"] = str(self.working_dir)
        python = build_for_job(self.context, self._environment, self._publish) or spec.python
        replicas = self._replicas()
        if not replicas:
            return replace(spec, command=command, env=env, python=python)
        self.log_names = [replica.log_name for replica in replicas]
        return replace(spec, command=command, env=env, replicas=replicas, python=python,
                       log_path=replicas[0].log_path)

    def _environment(self) -> Requirements | None:
        """What the job's environment asset declares (None when the job names none)."""
        reference = self.props.get("environmentId")
        if not reference:
            return None
        asset = self.context.backend(AssetBackend).resolve(str(reference))
        return from_v2_environment(asset.get("properties") or {}, str(asset.get("name") or
                                                                       reference))

    def _publish(self, name: str, data: bytes) -> None:
        self.context.backend(ArtifactStore).write(self.name, name, data,
                                                  content_type="text/plain")

    def _replicas(self) -> tuple[Replica, ...]:
        """One replica per process of the job's distribution; none for a plain job."""
        resources = self.props.get("resources") or {}
        topology = from_v2(self.props.get("distribution"), resources.get("instanceCount"),
                           int(self.context.settings.max_job_processes))
        if topology is None:
            return ()
        return tuple(Replica(role.label, role.env, role.log_name, self.folder / role.log_name)
                     for role in roles(topology, JobKind.V2))

    def _scope(self) -> RunScope:
        s = self.context.settings
        runs = self.context.backend(RunStore)
        run = runs.get_run(self.name)
        return RunScope(subscription_id=s.subscription_id, resource_group=s.resource_group,
                        workspace_name=s.workspace_name,
                        experiment_name=self.props.get("experimentName") or "Default",
                        run_id=self.name, token=run_token(self.context, self.name),
                        service_endpoint=f"https://{s.api_host}", workspace_id=s.workspace_id,
                        experiment_id=run["experimentId"])

    def _code_folder(self) -> Path | None:
        code_id = self.props.get("codeId")
        if not code_id:
            return None
        code = self.context.backend(AssetBackend).resolve(code_id)
        folder = local_path(self.context, locate(self.context, code["properties"]["codeUri"]))
        return folder if folder.is_dir() else None

    def _input(self, value: dict[str, Any]) -> InputValue:
        kind = str(value.get("jobInputType", "")).lower()
        if kind == "literal":
            return value.get("value")
        uri = value.get("uri")
        if not uri:
            return None
        path = local_path(self.context, locate(self.context, uri))
        if kind == "uri_folder" and not path.exists():
            path.mkdir(parents=True)  # an upstream step that wrote nothing: an empty folder
        mode = _MODES.get(str(value.get("mode") or "ReadOnlyMount").lower(), "ro_mount")
        return DataInput(path=path, mode=mode)

    # finalize -----------------------------------------------------------------------------
    def finalize(self, spec: JobSpec) -> None:
        """Upload artifacts and named outputs; runs for failed jobs too, as on Azure."""
        self.sync_log()
        artifacts = self.context.backend(ArtifactStore)
        for folder in _COPIED_FOLDERS:
            root = self.working_dir / folder
            for path in list_files(root):
                relative = path.relative_to(self.working_dir).as_posix()
                artifacts.write(self.name, relative, path.read_bytes())
        outputs = self.props.get("outputs") or {}
        blobs = self.context.backend(BlobBackend)
        for name, value in outputs.items():
            if name == "default" or value is None:
                continue
            target = locate(self.context, value["uri"])
            self._upload(blobs, self.data_dir / name, target)

    def _upload(self, blobs: BlobBackend, source: Path, target: BlobLocation) -> None:
        prefix = target.prefix.strip("/")
        blobs.ensure_container(target.account, target.container)
        for path in list_files(source):
            relative = path.relative_to(source).as_posix()
            name = f"{prefix}/{relative}" if prefix else relative
            blobs.put(target.account, target.container, name, path.read_bytes(), {}, {})

    def sync_log(self) -> None:
        """Copy the logs as they are now into the run's artifacts: ``user_logs/std_log.txt``,
        or one ``user_logs/std_log_process_<rank>.txt`` per process of a distributed job."""
        for name in self.log_names:
            log = self.folder / name
            if log.is_file():
                self.context.backend(ArtifactStore).write(self.name, name, log.read_bytes(),
                                                          content_type="text/plain")

    def cleanup(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)


def list_files(root: Path) -> list[Path]:
    """Files below ``root`` (following the links ``ro_mount`` makes), sorted."""
    if not root.is_dir():
        return []
    found: list[Path] = []
    for folder, _, names in os.walk(root, followlinks=True):
        found.extend(Path(folder) / name for name in names)
    return sorted(found)
