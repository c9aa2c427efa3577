"""The ``--log-calls`` file: one JSON line per HTTP call, with secrets removed.

Lines carry time, host, method, path, query, status, duration and outcome; never headers
or bodies, and query values that are credentials (SAS ``sig``, codes, tokens) are
replaced, so the file can be attached to a report.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, urlencode

REDACTED = "REDACTED"
SECRET_QUERY_NAMES = frozenset(
    {"sig", "signature", "client_secret", "code", "access_token", "refresh_token",
     "token", "key", "password", "secret", "client_assertion"}
)


def redact_query(query_string: str) -> str:
    """The query string with credential values replaced by ``REDACTED``."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(
        [(k, REDACTED if k.lower() in SECRET_QUERY_NAMES else v) for k, v in pairs], safe="/:,"
    )


class CallLog:
    """Appends call records to a file; safe to use from many threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[str] = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
        self._lock = threading.Lock()

    def record(
        self, *, host: str, method: str, path: str, query: str, status: int,
        duration_ms: float, outcome: str,
    ) -> None:
        line = json.dumps(
            {
                "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
                "host": host,
                "method": method,
                "path": path,
                "query": redact_query(query),
                "status": status,
                "duration_ms": round(duration_ms, 2),
                "outcome": outcome,
            }
        )
        with self._lock:
            self._handle.write(line + "\n")

    def close(self) -> None:
        with self._lock:
            self._handle.close()
