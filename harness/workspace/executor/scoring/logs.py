"""Read a scoring server's log: its tail, and the error a failed start printed.

azmlinfsrv logs a failing ``init()`` as "User's init function failed" followed by the
traceback, whose last line before "The above exception was the direct cause" is the
user's exception (``FileNotFoundError: ...``). That line is what Azure quotes in a
failed deployment's message, so it is what the endpoint services quote too.
"""

from __future__ import annotations

import re
from pathlib import Path

_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?[A-Za-z_]\w*(?:Error|Exception|Exit|"
                             r"Interrupt|Warning)\b.*")
_SERVER_FRAMES = "azureml_inference_server_http"
MAX_LOG_BYTES = 2_000_000


def read_log(path: Path) -> str:
    """The log's text (its last ``MAX_LOG_BYTES`` bytes); empty when there is none."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - MAX_LOG_BYTES))
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def tail(text: str, lines: int | None) -> str:
    """The last ``lines`` lines of ``text`` (all of it for None or a non-positive count)."""
    if not lines or lines <= 0:
        return text
    return "\n".join(text.splitlines()[-lines:]) + ("\n" if text.endswith("\n") else "")


def start_error(text: str) -> str:
    """The user's exception from the last start attempt, or a generic description."""
    attempt = text.rsplit("--- aml-parity: starting azmlinfsrv", 1)[-1]
    lines = attempt.splitlines()
    for index, line in enumerate(lines):
        if "User's init function failed" in line or "Failed to import user script" in line:
            found = _first_exception(lines[index + 1:])
            if found:
                return found
    found = _first_exception(lines)
    if found:
        return found
    for line in reversed(lines):
        if "Reason:" in line or "Error" in line:
            return line.strip()
    return "The scoring server exited before it became ready."


def _first_exception(lines: list[str]) -> str | None:
    for line in lines:
        stripped = line.strip()
        if _EXCEPTION_LINE.match(stripped) and _SERVER_FRAMES not in stripped:
            return stripped
    return None
