"""Secrets left in a cassette: whatever the recording hooks would still change.

Scrubbing is idempotent, so a cassette is clean exactly when scrubbing it again changes
nothing; each change found is a secret (URL, header or body of some interaction). The
run token and other metadata are not traffic and are not scanned.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from ..redact import session_redactor
from ..redact.scan import Finding
from .persister import load_document
from .scrub import SCRUBBERS, scrub_form, scrub_headers, scrub_json


def cassette_findings(cassette: Path) -> list[Finding]:
    """One finding per interaction part that still holds a secret."""
    try:
        document = load_document(cassette)
    except Exception as exc:  # a corrupted cassette is a finding, not a crash
        return [Finding(cassette, 0, f"cannot be read: {type(exc).__name__}")]
    findings: list[Finding] = []
    for index, item in enumerate(document.get("interactions") or []):
        request, response = item["request"], item["response"]
        where = f"interaction {index + 1} ({request.get('method')})"
        for kind, scrub in SCRUBBERS:
            if scrub(request.get("uri", "")) != request.get("uri", ""):
                findings.append(Finding(cassette, index + 1, f"{where}: {kind} in the URL"))
        for part, headers in (("request", request.get("headers")),
                              ("response", response.get("headers"))):
            if headers and scrub_headers(headers) != headers:
                findings.append(Finding(cassette, index + 1,
                                        f"{where}: credential in a {part} header"))
        for part, body in (("request", request.get("body")), ("response", response.get("body"))):
            text = _body_text(cassette.parent, body)
            if text and _has_secret(text):
                findings.append(Finding(cassette, index + 1, f"{where}: secret in the {part} body"))
    return findings


def _body_text(folder: Path, body: Any) -> str:
    if isinstance(body, dict) and "file" in body:
        try:
            raw = gzip.decompress((folder / body["file"]).read_bytes())
            return raw.decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError):
            return ""
    if isinstance(body, dict):
        body = body.get("string")
    return body if isinstance(body, str) else ""


def _has_secret(text: str) -> bool:
    try:
        document = json.loads(text)
    except ValueError:
        if "=" in text and "&" in text and "\n" not in text:
            return scrub_form(text) != text
        return session_redactor().text(text) != text
    return bool(scrub_json(document) != document)
