"""Turn the SDKs' validation errors into the one line a user needs.

azure-ai-ml reports a bad YAML file as marshmallow errors serialised to JSON,
nested inside other JSON strings, followed by links; the cause ("No such file
or directory: conda.yml") sits three levels deep. This digs it out.
"""

from __future__ import annotations

import re

_LEAF = re.compile(r'"(?P<field>[A-Za-z_][\w.]*)": \[\s*(?:\[\s*)?"(?P<message>[^"]+)"')
_MISSING_FILE = re.compile(r"No such file or directory: '?(?P<path>[^'\"\n]+)")
MAX_LENGTH = 400


def explain_sdk_error(exc: BaseException) -> str:
    """The most specific field and message inside an SDK error, else its first line."""
    text = _unescape(str(getattr(exc, "messages", None) or getattr(exc, "message", None) or exc))
    missing = _MISSING_FILE.search(text)
    leaf = _LEAF.search(text)
    if leaf and missing and missing.start() > leaf.start():
        return f"{leaf['field']}: file not found: {missing['path'].strip()}"
    if missing:
        return f"file not found: {missing['path'].strip()}"
    if leaf and leaf["field"] not in ("message", "result", "_schema"):
        return f"{leaf['field']}: {leaf['message'].strip()}"[:MAX_LENGTH]
    first = next((line.strip() for line in text.splitlines() if line.strip()), type(exc).__name__)
    return first[:MAX_LENGTH]


def _unescape(text: str) -> str:
    """Undo JSON string escaping, level by level, until nothing changes."""
    for _ in range(4):
        unescaped = (
            text.replace("\\\\", "\\").replace('\\"', '"').replace("\\'", "'")
            .replace("\\n", "\n")
        )
        if unescaped == text:
            break
        text = unescaped
    return text
