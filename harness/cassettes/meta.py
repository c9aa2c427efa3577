"""Where a side's cassette lives and what it says about the recording.

Metadata sits at the top of each cassette (`metadata:`): the run token the
side's names derive from (so a replay makes the same requests), the workspace
identity (a replay writes its config.json from it), SDK versions, when and
where it was recorded, and the digest of the scenario folder it certifies.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import time
from pathlib import Path
from typing import Any

from .normalise import service_of
from .persister import read_metadata

SDKS = ("azureml-core", "azure-ai-ml", "azure-core", "azure-identity", "azure-storage-blob",
        "mlflow-skinny", "azureml-mlflow", "vcrpy")
DIGEST_SKIPPED = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints")
REPLAY_ONLY = "none"


def cassette_path(root: Path, scenario: str, label: str, phase: str = "run") -> Path:
    """`v1` -> `<root>/<scenario>/v1-run.yaml`; noise repeat `v1#2` -> `v1-run-2.yaml`."""
    side, _, repeat = label.partition("#")
    return root / scenario / f"{side}-{phase}{'-' + repeat if repeat else ''}.yaml"


def label_of(path: Path) -> tuple[str, str]:
    """(`v1#2`, `run`) from `v1-run-2.yaml`: the inverse of `cassette_path`."""
    parts = path.stem.split("-")
    side, phase = parts[0], parts[1] if len(parts) > 1 else "run"
    return (f"{side}#{parts[2]}" if len(parts) > 2 else side), phase


def replays_only(record_mode: str, path: Path) -> bool:
    """True when nothing may be recorded: mode `none`, or `once` with the cassette present."""
    return record_mode == REPLAY_ONLY or (record_mode == "once" and path.is_file())


def certified_folders(scenario: Any) -> list[Path]:
    """The scenario folder, plus the folders of side callables that live outside it
    (`v1: ../sklearn-diabetes/v1_job.py:build` shares another scenario's v1 side)."""
    folders = [scenario.folder.resolve()]
    for side in (scenario.v1, scenario.v2):
        relative = side.callable_file if side is not None else None
        if relative:
            parent = (scenario.folder / relative).resolve().parent
            if not any(parent == f or f in parent.parents for f in folders):
                folders.append(parent)
    return folders


def scenario_digest(*folders: Path) -> str:
    """sha256 over every file's relative path and content: what the cassette certifies."""
    digest = hashlib.sha256()
    for folder in folders:
        for path, relative in _certified_files(folder):
            digest.update(relative.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digests(*folders: Path) -> dict[str, str]:
    """Each certified file's sha256, by `<folder name>/<relative path>`: lets a replay
    name the files that changed since the recording, not just say something did."""
    return {f"{folder.name}/{relative}": hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path, relative in _certified_files(folder)}


def changed_files(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """Files edited, added or removed since the recording, as `job.yml (edited)`."""
    found = []
    for name in sorted(recorded.keys() | now.keys()):
        if name not in now:
            found.append(f"{name} (removed)")
        elif name not in recorded:
            found.append(f"{name} (added)")
        elif recorded[name] != now[name]:
            found.append(f"{name} (edited)")
    return found


def _certified_files(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if any(part in DIGEST_SKIPPED for part in relative.parts) or path.suffix == ".pyc":
            continue
        found.append((path, relative.as_posix()))
    return found


def sdk_versions() -> dict[str, str]:
    versions = {}
    for name in SDKS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return versions


def region_of(uris: list[str]) -> str:
    """The region of the first `<region>.api.azureml.ms` host the side talked to."""
    for uri in uris:
        host = uri.split("/")[2] if "//" in uri else ""
        if service_of(host) == "aml":
            return host.split(".", 1)[0]
    return ""


def recording_meta(*, scenario: str, label: str, run_token: str, workspace: dict[str, Any],
                   certified: list[Path], target: str) -> dict[str, Any]:
    """What a fresh recording stores (the region is added when the traffic is known)."""
    return {
        "scenario": scenario,
        "side": label,
        "run_token": run_token,
        "workspace": {k: workspace.get(k, "") for k in
                      ("subscription_id", "resource_group", "workspace_name")},
        "target": target,
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scenario_digest": scenario_digest(*certified),
        "scenario_files": file_digests(*certified),
        "sdk": sdk_versions(),
    }


def read_meta(path: Path) -> dict[str, Any]:
    """A cassette's metadata, or {} when there is no cassette."""
    return read_metadata(path) if path.is_file() else {}
