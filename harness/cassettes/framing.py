"""Headers that describe a body's size, kept true after scrubbing changed the body.

A client reads exactly `Content-Length` bytes, and azure-storage-blob checks that a
ranged answer's `Content-Range` covers what it asked for; a body made shorter or longer
by a placeholder with stale headers fails on replay ("0-881/882" for 1229 bytes).
A ranged answer that covers the whole blob is rewritten for the new size; one that
covers only part of a blob cannot be, so its body must be scrubbed keeping its length
(`partial_range`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$")


def header(headers: dict[str, Any], name: str) -> str:
    """A header's (first) value, whatever its case; "" when absent."""
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list | tuple) and value else value)
    return ""


def partial_range(headers: dict[str, Any]) -> bool:
    """True when the body is one chunk of a larger blob (its size must not change)."""
    match = CONTENT_RANGE.match(header(headers, "content-range"))
    if not match:
        return False
    start, end, total = match.groups()
    return not (start == "0" and total != "*" and int(end) == int(total) - 1)


def fix_framing(headers: dict[str, Any], body: bytes | None) -> dict[str, Any]:
    """Content-Length, a whole-blob Content-Range and a body digest, for the body as it now
    is. A CRC64 (storage's own checksum) cannot be recomputed here and is dropped."""
    size = len(body or b"")
    whole = not partial_range(headers)
    out = dict(headers)
    for key in list(out):
        lower = key.lower()
        if lower == "content-length":
            out[key] = _like(out[key], str(size))
        elif lower == "content-range" and whole and size:
            out[key] = _like(out[key], f"bytes 0-{size - 1}/{size}")
        elif lower in ("content-md5", "x-ms-blob-content-md5") and whole:
            digest = base64.b64encode(hashlib.md5(body or b"").digest()).decode()  # noqa: S324
            out[key] = _like(out[key], digest)
        elif lower == "x-ms-content-crc64":
            del out[key]
    return out


def _like(original: Any, value: str) -> Any:
    return [value] if isinstance(original, list) else value
