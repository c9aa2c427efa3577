"""What the harness asks a side worker process to do, passed as a JSON file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..evidence.folder import SideFolder


@dataclass(frozen=True)
class SideRequest:
    """One side of one scenario to run against one workspace, and where to put the evidence."""

    scenario_file: str
    side: str
    phase: str
    workspace_config: str
    evidence_dir: str
    run_token: str
    #: vcrpy record mode and the side's cassette ("" runs live and records nothing).
    record_mode: str = "none"
    cassette: str = ""
    label: str = ""
    target: str = ""
    #: Folders of this machine a cassette must not name (`checkout`, `workspace-dir`, `home`).
    host_paths: dict[str, str] = field(default_factory=dict)
    #: What the worker runs, `module:function` (the check's `side_runner`).
    runner: str = ""

    @property
    def folder(self) -> SideFolder:
        """The side's files: evidence, failure record, output, downloads, submitted run."""
        return SideFolder(Path(self.evidence_dir))

    def note_submitted(self, experiment: str, run_id: str) -> None:
        self.folder.path.mkdir(parents=True, exist_ok=True)
        self.folder.submitted_file.write_text(
            json.dumps({"experiment": experiment, "run_id": run_id}), encoding="utf-8")

    def submitted(self) -> tuple[str, str] | None:
        """(experiment, run id) the side noted, or None if it never got to submitting."""
        if not self.folder.submitted_file.is_file():
            return None
        noted = json.loads(self.folder.submitted_file.read_text(encoding="utf-8"))
        return str(noted["experiment"]), str(noted["run_id"])

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path) -> SideRequest:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))
