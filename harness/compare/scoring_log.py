"""The exception a scoring script raised, from the scoring server's log.

A failing `run()` answers 500 with azmlinfsrv's generic "An unexpected error occurred in
scoring script. Check the logs for more info."; the cause (`KeyError: 'input_data'`)
is only in the log, after "Encountered Exception:". The difference table quotes it, so
the reader does not have to open the evidence to learn why one side failed.
"""

from __future__ import annotations

import re

_ENCOUNTERED = "Encountered Exception"
_EXCEPTION_LINE = re.compile(r"^(?:[A-Za-z_][\w.]*\.)?[A-Za-z_]\w*(?:Error|Exception|Exit|"
                             r"Interrupt|Timeout)\b.*")
_SERVER = ("azureml_inference_server_http", "UserScriptException", "UserScriptTimeout")
MAX_SHOWN = 300


def scoring_exceptions(log: str) -> list[str]:
    """The user's exception of each failed request, in order, each once."""
    found: list[str] = []
    for block in log.split(_ENCOUNTERED)[1:]:
        exception = _user_exception(block.splitlines())
        if exception and exception not in found:
            found.append(exception)
    return found


def _user_exception(lines: list[str]) -> str:
    """The last exception line before the server's own (chained) exception."""
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("The above exception was") or _is_log_record(line):
            break
        if _EXCEPTION_LINE.match(stripped) and not any(s in stripped for s in _SERVER):
            return stripped
    return ""


def _is_log_record(line: str) -> bool:
    """A new log record (`2026-12-04 12:18:56,509 I [10485] ...`) ends the traceback."""
    return bool(re.match(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}", line))


def cause_note(log: str, side: str) -> str:
    """`v2 scoring log: KeyError: 'input_data'`, or "" when the log names none."""
    found = scoring_exceptions(log)
    if not found:
        return ""
    return f"{side} scoring log: {'; '.join(found)}"[:MAX_SHOWN]
