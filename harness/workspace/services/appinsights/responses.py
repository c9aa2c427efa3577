"""Wire handler of telemetry ingestion: count the items, keep none."""

from __future__ import annotations

import gzip
import json
import zlib

from ...http import Request, Response


def item_count(body: bytes, encoding: str = "") -> int:
    """How many telemetry items a track body holds: a JSON array, one object, or one per line.

    Bodies come gzip-compressed (``Content-Encoding: gzip``) from most senders; what cannot be
    read counts as one item, since ingestion answers for what it received.
    """
    if "gzip" in encoding.lower() or body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return 1
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return 0
    try:
        document = json.loads(text)
    except ValueError:
        return sum(1 for line in text.splitlines() if line.strip())
    return len(document) if isinstance(document, list) else 1


def track(request: Request) -> Response:
    count = item_count(request.body, request.headers.get("Content-Encoding") or "")
    return Response.json({"itemsReceived": count, "itemsAccepted": count, "errors": []})
