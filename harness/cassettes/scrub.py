"""Secrets never reach a cassette: the vcrpy hooks, built on the project's one redactor.

What is a secret is decided in `harness.redact` (by value, shape and name) for
everything the project writes; this module adds what only recorded HTTP needs:
credential headers, token-request forms, token answers whose expiry must outlive
the recording, and bodies whose size headers must stay true (`framing.py`).
Placeholders still parse, so a replay works with them. Scrubbing twice is the same
as once, so `cassettes check` detects a secret as "scrubbing would change this".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..redact import Redactor, session_redactor
from ..redact.names import names_secret
from ..redact.placeholders import (
    FAR_FUTURE,
    PLACEHOLDER_CLIENT,
    PLACEHOLDER_JWT,
    PLACEHOLDER_KEY,
    PLACEHOLDER_SECRET,
    PLACEHOLDER_TENANT,
)
from ..redact.shapes import SHAPES
from ..redact.vaults import is_secret_api, secret_values
from .framing import fix_framing, partial_range
from .framing import header as _header

__all__ = ["FAR_FUTURE", "PLACEHOLDER_CLIENT", "PLACEHOLDER_JWT", "PLACEHOLDER_KEY",
           "PLACEHOLDER_SECRET", "PLACEHOLDER_SIG", "PLACEHOLDER_TENANT", "SCRUBBERS"]

PLACEHOLDER_SIG = PLACEHOLDER_SECRET

SECRET_HEADERS = frozenset({
    "authorization", "proxy-authorization", "cookie", "set-cookie",
    "x-ms-authorization-auxiliary", "x-ms-encryption-key", "x-ms-copy-source-authorization",
    "x-ms-client-secret", "x-functions-key", "ocp-apim-subscription-key", "api-key",
    "servicebusauthorization",
})
FORM_SECRETS = frozenset({"client_secret", "client_assertion", "refresh_token", "password",
                          "assertion", "code", "device_code"})


def _only(kinds: tuple[str, ...]) -> Callable[[str], str]:
    """A scrubber for some shapes only (what `cassettes check` names per kind)."""
    shapes = [s for s in SHAPES if s.kind in kinds]

    def scrub(text: str) -> str:
        for shape in shapes:
            text = shape.pattern.sub(
                lambda m, k=shape.placeholder: _swap_secret(m, k), text)  # type: ignore[misc]
        return text
    return scrub


def _swap_secret(match: re.Match[str], kind: str) -> str:
    from ..redact.placeholders import is_placeholder, placeholder

    secret = match.group("secret")
    if is_placeholder(secret):
        return match.group(0)
    start, end = match.span("secret")
    whole, offset = match.group(0), match.start()
    return whole[:start - offset] + placeholder(kind) + whole[end - offset:]


scrub_jwts = _only(("JSON Web Token",))
scrub_sas = _only(("Shared Access Signature",))
scrub_connection_strings = _only(("connection string key", "connection string signature",
                                  "connection string password"))


def scrub_text(text: str, redactor: Redactor | None = None) -> str:
    """Every secret in free text: known values, shapes and secret-named assignments."""
    return (redactor or session_redactor()).text(text)


def scrub_json(value: Any, redactor: Redactor | None = None) -> Any:
    """Secret-named fields (tokens, keys, secrets) and secrets inside every string."""
    return (redactor or session_redactor()).document(value)


def expire_far_away(value: Any) -> Any:
    """`expires_on` of a token answer moves to 2100, so a replay years later reuses the token."""
    if isinstance(value, dict) and "access_token" in value:
        for key in ("expires_on", "expiresOn"):
            if key in value:
                value = {**value, key: type(value[key])(FAR_FUTURE)}
    return value


def scrub_form(body: str, redactor: Redactor | None = None) -> str:
    """Token request forms: `client_secret`, assertions, refresh tokens, passwords."""
    redactor = redactor or session_redactor()
    pairs = parse_qsl(body, keep_blank_values=True)
    if not pairs or not any(_form_secret(k, v) for k, v in pairs):
        return redactor.text(body)
    for key, value in pairs:
        if _form_secret(key, value):
            redactor.learn(value)
    return urlencode([(k, PLACEHOLDER_SECRET if _form_secret(k, v) else redactor.text(v))
                      for k, v in pairs])


def _form_secret(key: str, value: str) -> bool:
    return bool(value) and (key in FORM_SECRETS or names_secret(key, value))


def scrub_headers(headers: dict[str, Any], redactor: Redactor | None = None) -> dict[str, Any]:
    """Credentials in headers become placeholders; other header values lose secrets."""
    redactor = redactor or session_redactor()
    out: dict[str, Any] = {}
    for name, value in headers.items():
        values = value if isinstance(value, list | tuple) else [value]
        if name.lower() in SECRET_HEADERS or names_secret(name, str(values[0] if values else "")):
            scrubbed = [_header_placeholder(name, str(v), redactor) for v in values]
        else:
            scrubbed = [redactor.text(v) if isinstance(v, str) else v for v in values]
        out[name] = scrubbed if isinstance(value, list | tuple) else scrubbed[0]
    return out


def _header_placeholder(name: str, value: str, redactor: Redactor) -> str:
    scheme, _, credential = value.partition(" ") if " " in value else ("", "", value)
    if credential not in (PLACEHOLDER_JWT, PLACEHOLDER_SECRET):
        redactor.learn(credential)
    if name.lower() in ("authorization", "proxy-authorization") and scheme.lower() == "bearer":
        return f"Bearer {PLACEHOLDER_JWT}"
    return f"{scheme} {PLACEHOLDER_SECRET}".strip()


def scrub_body(body: bytes | None, content_type: str = "", keep_length: bool = False,
               redactor: Redactor | None = None) -> bytes | None:
    """A body of any kind: JSON by field, forms by parameter, other text by value and shape.

    `keep_length` (one chunk of a larger blob) keeps its size: text only, masked in place.
    """
    if not body:
        return body
    redactor = redactor or session_redactor()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body  # binary: file contents, never credentials in these APIs
    if keep_length:
        cleaned_text = redactor.text(text, keep_length=True)
        return body if cleaned_text == text else cleaned_text.encode("utf-8")
    if text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except ValueError:
            pass
        else:
            cleaned = expire_far_away(redactor.document(document))
            return body if cleaned == document else _dump_like(text, cleaned)
    if "x-www-form-urlencoded" in content_type.lower() or _looks_like_form(text):
        cleaned_text = scrub_form(text, redactor)
    else:
        cleaned_text = redactor.text(text)
    return body if cleaned_text == text else cleaned_text.encode("utf-8")


def _looks_like_form(text: str) -> bool:
    return "=" in text and "&" in text and " " not in text and "\n" not in text


def _dump_like(original: str, document: Any) -> bytes:
    """Re-serialise keeping the original's compactness, so bodies stay recognisable."""
    if ": " in original or "\n" in original:
        return json.dumps(document, indent=None if "\n" not in original else 2).encode()
    return json.dumps(document, separators=(",", ":")).encode()


def scrub_request(request: Any) -> Any:
    """vcrpy `before_record_request` hook: the URL, headers and body of a request."""
    redactor = session_redactor()
    body = request.body
    if is_secret_api(str(request.uri)) and isinstance(body, bytes | str):
        body = request.body = _without_stored_secrets(body, redactor)
    request.uri = redactor.text(request.uri)
    request.headers = scrub_headers(dict(request.headers), redactor)
    if isinstance(body, bytes | str):
        raw = body.encode("utf-8") if isinstance(body, str) else body
        cleaned = scrub_body(raw, _header(dict(request.headers), "content-type"),
                             redactor=redactor)
        if cleaned is not raw:
            request.body = cleaned
    return request


def _without_stored_secrets(body: bytes | str, redactor: Redactor) -> bytes | str:
    """A request to Key Vault or the credential service with its `value` fields replaced,
    however short; the values are learnt, so they are scrubbed wherever they show later
    (a GET's answer, a log)."""
    try:
        document = json.loads(body)
    except ValueError:
        return body
    values = set(secret_values(document))
    if not values:
        return body
    for value in values:
        redactor.learn(value)
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    cleaned = _dump_like(text, _replace_values(document, values))
    return cleaned if isinstance(body, bytes) else cleaned.decode("utf-8")


def _replace_values(document: Any, values: set[str]) -> Any:
    if isinstance(document, dict):
        return {k: PLACEHOLDER_SECRET if k == "value" and v in values
                else _replace_values(v, values) for k, v in document.items()}
    if isinstance(document, list):
        return [_replace_values(item, values) for item in document]
    return document


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy `before_record_response` hook: headers and body of a recorded response, with
    the headers that state its size (and digest) made true for the scrubbed body."""
    redactor = session_redactor()
    headers = {k: v for k, v in response.get("headers", {}).items() if k.lower() != "set-cookie"}
    headers = scrub_headers(headers, redactor)
    body = response.get("body", {}).get("string")
    if isinstance(body, str):
        body = body.encode("utf-8")
    cleaned = scrub_body(body, _header(headers, "content-type"),
                         keep_length=partial_range(headers), redactor=redactor)
    if cleaned is not body:
        headers = fix_framing(headers, cleaned)
        response = {**response, "body": {**response["body"], "string": cleaned}}
    return {**response, "headers": headers}


SCRUBBERS: tuple[tuple[str, Callable[[str], str]], ...] = tuple(
    (shape.kind, _only((shape.kind,))) for shape in SHAPES)
