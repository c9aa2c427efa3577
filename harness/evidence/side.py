"""What one side of a run produced, in a shape both SDKs can be reduced to.

The collector (workspace-facing) fills a `SideEvidence` per side and the
comparators (pure) read two of them. It is saved as JSON next to the verdict so
that a drift can be re-examined, and re-compared under new rules, without
running anything again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SideName = Literal["v1", "v2"]

#: number: a numeric history; string: one text value; list: a history that is not
#: all numbers; table: named columns; image / file: an artifact compared as a file.
METRIC_KINDS = ("number", "string", "list", "table", "image", "file")


@dataclass
class MetricSeries:
    """One metric: a history of values at steps, a table of columns, or an artifact reference.

    For `image` and `file` metrics `values` holds the artifact's relative path,
    which is a key of `SideEvidence.files`.
    """

    kind: str = "number"
    values: list[Any] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in METRIC_KINDS:
            raise ValueError(f"metric kind must be one of {METRIC_KINDS}, not {self.kind!r}")
        if self.kind != "table" and not self.steps:
            self.steps = list(range(len(self.values)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "table":
            out["columns"] = self.columns
        else:
            out["values"] = self.values
            out["steps"] = self.steps
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MetricSeries:
        return cls(data.get("kind", "number"), list(data.get("values", [])),
                   [int(s) for s in data.get("steps", [])], dict(data.get("columns", {})))


@dataclass
class FileRef:
    """A file the run produced: its digest, and where the downloaded copy lies on this machine."""

    sha256: str
    size: int
    local: str = ""

    @classmethod
    def of(cls, path: str | Path) -> FileRef:
        """Describe a file on disk (hashing it in 1 MiB blocks, so large outputs stay cheap)."""
        digest = hashlib.sha256()
        p = Path(path).resolve()
        with p.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(digest.hexdigest(), p.stat().st_size, str(p))

    def to_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "size": self.size, "local": self.local}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileRef:
        return cls(data["sha256"], int(data["size"]), data.get("local", ""))


@dataclass
class SideEvidence:
    """Everything one side's run left behind that run parity compares."""

    side: SideName
    status: str = ""
    error: str = ""
    duration_s: float | None = None
    metrics: dict[str, MetricSeries] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    files: dict[str, FileRef] = field(default_factory=dict)
    logs: str = ""
    command: str = ""
    environment: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        """The run completed (anything else makes its item BROKEN)."""
        return self.status == "Completed"

    def log_text(self) -> str:
        """The log itself: `logs` holds either the text or the path of a downloaded log file."""
        candidate = self.logs.strip()
        if candidate and "\n" not in candidate and len(candidate) < 4096:
            path = Path(candidate)
            try:
                if path.is_file():
                    return path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                pass
        return self.logs

    def metric_files(self) -> set[str]:
        """Files that are the content of an image/file metric: compared as metrics, not outputs."""
        return {str(v) for s in self.metrics.values() if s.kind in ("image", "file")
                for v in s.values}

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "status": self.status,
            "error": self.error,
            "duration_s": self.duration_s,
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
            "params": self.params,
            "tags": self.tags,
            "files": {k: v.to_dict() for k, v in self.files.items()},
            "logs": self.logs,
            "command": self.command,
            "environment": self.environment,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SideEvidence:
        return cls(
            side=data["side"],
            status=data.get("status", ""),
            error=data.get("error", ""),
            duration_s=data.get("duration_s"),
            metrics={k: MetricSeries.from_dict(v) for k, v in data.get("metrics", {}).items()},
            params=dict(data.get("params", {})),
            tags=dict(data.get("tags", {})),
            files={k: FileRef.from_dict(v) for k, v in data.get("files", {}).items()},
            logs=data.get("logs", ""),
            command=data.get("command", ""),
            environment=dict(data.get("environment", {})),
        )

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.to_dict(), indent=2, default=_jsonable) + "\n",
                          encoding="utf-8")
        return target

    @classmethod
    def load(cls, path: str | Path) -> SideEvidence:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _jsonable(value: Any) -> Any:
    """NumPy scalars (which collectors often pass through) are written as plain numbers."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
