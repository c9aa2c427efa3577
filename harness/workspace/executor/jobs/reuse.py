"""Pipeline step reuse, as Azure ML does it for deterministic components.

A step whose component is deterministic (``is_deterministic``, true by default for
command components) and whose component, code contents, environment and resolved
inputs equal those of a step that completed before is not run again: it ends Completed
at once, pointing at the old step's outputs, with run properties ``azureml.isreused``,
``azureml.reusedrunid`` (what ``jobs.download`` follows), ``azureml.reusednodeid`` and
``azureml.reusedpipelinerunid``. This is the pitfall of the migration notes: a step
"finishing in 1 s" with stale outputs. ``settings.force_rerun`` turns it off.

The key hashes the code folder's files rather than the code asset id, so re-uploading
the same files (new asset name) still reuses, and editing a file never does. Data
inputs count by URI, as on Azure: new files written to the same folder are not noticed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from ...context import WorkspaceContext
from ...services.assets.models import AssetBackend
from ...services.jobs.locations import local_path, locate
from .command import list_files

REUSE = "jobs.reuse"
_IGNORED_SPEC_KEYS = ("code", "_source", "display_name", "description", "tags")


@dataclass(frozen=True)
class Reusable:
    """A completed step whose outputs a later identical step may take over."""

    job: str
    pipeline: str
    node: str
    outputs: dict[str, str]


def is_deterministic(spec: dict[str, Any]) -> bool:
    value = spec.get("is_deterministic", spec.get("isDeterministic", True))
    return str(value).lower() != "false"


def step_key(context: WorkspaceContext, spec: dict[str, Any], inputs: dict[str, Any],
             fixed_outputs: dict[str, str], environment_variables: dict[str, Any]) -> str:
    """The identity of a step run: same key, same work, so the old outputs will do."""
    identity = {
        "spec": {k: v for k, v in spec.items() if k not in _IGNORED_SPEC_KEYS},
        "code": _code_digest(context, spec.get("code")),
        "inputs": {name: {k: v for k, v in value.items() if k in ("value", "uri", "jobInputType")}
                   for name, value in sorted(inputs.items())},
        "fixed_outputs": fixed_outputs,
        "environment_variables": environment_variables,
    }
    text = json.dumps(identity, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _code_digest(context: WorkspaceContext, code: Any) -> str | None:
    if not code:
        return None
    reference = str(code).removeprefix("azureml:")
    try:
        asset = context.backend(AssetBackend).resolve(reference)
        folder = local_path(context, locate(context, asset["properties"]["codeUri"]))
    except Exception:  # a code we cannot read: fall back to its id
        return reference
    digest = hashlib.sha256()
    paths = list_files(folder) if folder.is_dir() else [folder] if folder.is_file() else []
    for path in paths:
        digest.update(path.relative_to(folder).as_posix().encode() if path != folder else b"")
        digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()


def find(context: WorkspaceContext, key: str) -> Reusable | None:
    found = context.store.get(REUSE, key)
    return None if found is None else Reusable(**found)


def remember(context: WorkspaceContext, key: str, reusable: Reusable) -> None:
    context.store.put(REUSE, key, asdict(reusable))
