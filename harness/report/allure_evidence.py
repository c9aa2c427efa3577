"""Read what an item left on disk (specs, side evidence, endpoint latencies) for the report.

The layouts are the ones the checks write: `spec/spec.json`, `run/run.json` (or, when a
side broke before run.json was written, `run/sides/<label>/<side>.json`), and for
endpoint parity `endpoint/endpoint.json` holding per side a `latencies_ms` list (or
`latency_ms`, or a list of `{"latency_ms": ...}` responses). Missing files give an
empty record: a report is still written for an item that produced nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evidence import SideEvidence

LATENCY_KEYS = ("latencies_ms", "latency_ms", "latencies")


@dataclass
class ItemEvidence:
    """Evidence of one item as the report presents it."""

    spec: dict[str, Any] | None = None
    sides: dict[str, SideEvidence] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)

    @property
    def repeats(self) -> list[SideEvidence]:
        return [e for label, e in sorted(self.sides.items()) if label.startswith("v1-")]


def load_item_evidence(folder: Path, evidence: str) -> ItemEvidence:
    found = ItemEvidence()
    if evidence == "spec":
        found.spec = _json(folder / "spec.json")
        return found
    document = _json(folder / f"{evidence}.json")
    if document:
        for side in ("v1", "v2"):
            if isinstance(document.get(side), dict) and "side" in document[side]:
                found.sides[side] = SideEvidence.from_dict(document[side])
        for index, repeat in enumerate(document.get("v1_repeats", []), start=2):
            found.sides[f"v1-{index}"] = SideEvidence.from_dict(repeat)
        found.latencies = latencies(document)
    for label_dir in sorted((folder / "sides").glob("*")):
        side = label_dir.name.split("-", 1)[0]
        data = _json(label_dir / f"{side}.json")
        if label_dir.name not in found.sides and data and "side" in data:
            found.sides[label_dir.name] = SideEvidence.from_dict(data)
    return found


def latencies(document: dict[str, Any]) -> dict[str, list[float]]:
    """Per side latency samples in milliseconds, from whichever shape endpoint evidence has."""
    found: dict[str, list[float]] = {}
    for side in ("v1", "v2"):
        data = document.get(side)
        values: Any = None
        if isinstance(data, dict):
            values = next((data[k] for k in LATENCY_KEYS if k in data), None)
            if values is None and isinstance(data.get("responses"), list):
                values = [r.get("latency_ms") for r in data["responses"] if isinstance(r, dict)]
        if isinstance(values, list):
            numbers = [float(v) for v in values if isinstance(v, (int, float))]
            if numbers:
                found[side] = numbers
    return found


def side_log(evidence: SideEvidence, label: str, folder: Path) -> str:
    """The side's log, or the worker's own output when the side never produced one."""
    text = evidence.log_text() if evidence.logs else ""
    if text.strip():
        return text
    return stderr_of(folder, label)


def stderr_of(folder: Path, label: str) -> str:
    side = label.split("-", 1)[0]
    path = folder / "sides" / label / f"{side}.stderr.txt"
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
