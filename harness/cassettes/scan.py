"""Secrets left in a cassette: whatever the recording hooks would still change.

Scrubbing is idempotent, so a cassette is clean exactly when scrubbing it again changes
nothing; each change found is a secret (URL, header or body of some interaction). The
run token and other metadata are not traffic and are not scanned.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..redact import session_redactor
from ..redact.scan import Finding
from .persister import interactions, load_document, stored_body
from .scrub import SCRUBBERS, scrub_form, scrub_headers, scrub_json


def cassette_findings(cassette: Path) -> list[Finding]:
    """One finding per interaction part that still holds a secret (CorruptCassette for a
    cassette or stored body that cannot be read)."""
    document = load_document(cassette)
    findings: list[Finding] = []
    for index, (request, response) in enumerate(interactions(cassette, document)):
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
            text = _body_text(cassette, body)
            if text and _has_secret(text):
                findings.append(Finding(cassette, index + 1, f"{where}: secret in the {part} body"))
    return findings


def _body_text(cassette: Path, body: Any) -> str:
    if isinstance(body, dict) and "file" in body:
        try:
            return stored_body(cassette, body).decode("utf-8")
        except UnicodeDecodeError:
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
