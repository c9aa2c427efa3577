"""A side's log as the report shows it: the run's own log, else the worker's output."""

from __future__ import annotations

from typing import Any

from ..evidence import EvidenceFolder


def side_log(result: Any, label: str, folder: EvidenceFolder) -> str:
    """The side's log, or the worker's own output when the side never produced one."""
    text = result.log_text() if getattr(result, "logs", "") else ""
    if text.strip():
        return str(text)
    return worker_output(folder, label)


def worker_output(folder: EvidenceFolder, label: str) -> str:
    """What the side's worker process printed (SDK warnings, tracebacks)."""
    try:
        return folder.side(label).output_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
