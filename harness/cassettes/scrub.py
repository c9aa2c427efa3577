"""Secrets never reach a cassette: each kind has a small pure function replacing it.

Placeholders still parse, so a replay works with them: the placeholder JWT
decodes with `exp` in 2100 and a `tid` (both SDKs read those claims), the
placeholder storage key is valid base64 (azure-storage signs requests with
it; the signature lands in a header matching ignores). Every function returns
its input unchanged when there is nothing to replace, so scrubbing twice is
the same as once, and `cassettes check` detects a secret as "scrubbing would
change this".
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .framing import fix_framing
from .framing import header as _header
from .normalise import JWT

PLACEHOLDER_TENANT = "00000000-0000-0000-0000-0000000000aa"
PLACEHOLDER_CLIENT = "00000000-0000-0000-0000-0000000000bb"
FAR_FUTURE = 4102444800  # 2100-01-01T00:00:00Z


def _b64url(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


PLACEHOLDER_JWT = ".".join([
    _b64url({"alg": "RS256", "typ": "JWT"}),
    _b64url({"aud": "https://management.azure.com/", "exp": FAR_FUTURE, "iat": 1700000000,
             "nbf": 1700000000, "iss": f"https://sts.windows.net/{PLACEHOLDER_TENANT}/",
             "tid": PLACEHOLDER_TENANT, "oid": PLACEHOLDER_CLIENT, "appid": PLACEHOLDER_CLIENT,
             "sub": PLACEHOLDER_CLIENT, "ver": "1.0"}),
    "cGxhY2Vob2xkZXI",  # "placeholder": no key signed this
])
#: 64 zero bytes in base64: the size of a storage account key, and no entropy at all.
PLACEHOLDER_KEY = base64.b64encode(bytes(64)).decode()
PLACEHOLDER_SECRET = "REDACTED"
PLACEHOLDER_SIG = "REDACTED"

SECRET_HEADERS = frozenset({
    "authorization", "proxy-authorization", "cookie", "set-cookie",
    "x-ms-authorization-auxiliary", "x-ms-encryption-key", "x-ms-copy-source-authorization",
    "x-ms-client-secret", "x-functions-key", "ocp-apim-subscription-key", "api-key",
    "servicebusauthorization",
})
TOKEN_KEYS = frozenset({
    "access_token", "refresh_token", "id_token", "accesstoken", "refreshtoken", "idtoken",
    "token", "runtoken", "run_token", "aadtoken", "amltoken",
})
KEY_KEYS = frozenset({
    "primarykey", "secondarykey", "accountkey", "primaryaccesskey", "secondaryaccesskey",
    "key1", "key2", "primary_key", "secondary_key", "account_key", "storagekey",
})
SECRET_KEYS = frozenset({
    "client_secret", "clientsecret", "password", "secret", "client_assertion", "sastoken",
    "primaryconnectionstring", "secondaryconnectionstring", "connectionstring",
    "assertion",
})
FORM_SECRETS = frozenset({"client_secret", "client_assertion", "refresh_token", "password",
                          "assertion", "code", "device_code"})

SAS_SIG = re.compile(r"(?i)((?:^|[?&;\s\"'])sig=)([^&\s\"';]+)")
ACCOUNT_KEY = re.compile(r"(?i)(AccountKey=)([^;\s\"']+)")
SHARED_ACCESS_SIGNATURE = re.compile(r"(?i)(SharedAccessSignature=)([^;\s\"']+)")
SHARED_ACCESS_KEY = re.compile(r"(?i)(SharedAccessKey=)([^;\s\"']+)")


def scrub_jwts(text: str) -> str:
    """Any JWT anywhere becomes the placeholder JWT (tokens, run tokens, id tokens)."""
    return JWT.sub(lambda m: m.group(0) if m.group(0) == PLACEHOLDER_JWT else PLACEHOLDER_JWT,
                   text)


def scrub_sas(text: str) -> str:
    """`sig=` of a Shared Access Signature, in a URL, a body or a connection string."""
    return SAS_SIG.sub(lambda m: m.group(1) + PLACEHOLDER_SIG, text)


def scrub_connection_strings(text: str) -> str:
    """`AccountKey=`, `SharedAccessKey=` and `SharedAccessSignature=` values."""
    text = ACCOUNT_KEY.sub(lambda m: m.group(1) + PLACEHOLDER_KEY, text)
    text = SHARED_ACCESS_KEY.sub(lambda m: m.group(1) + PLACEHOLDER_KEY, text)
    return SHARED_ACCESS_SIGNATURE.sub(lambda m: m.group(1) + PLACEHOLDER_SIG, text)


def scrub_text(text: str) -> str:
    """Every secret that has a recognisable shape inside free text."""
    return scrub_connection_strings(scrub_sas(scrub_jwts(text)))


def _placeholder_for(key: str, value: Any) -> Any:
    """The placeholder for a secret-named field, or None when `key` names no secret."""
    name = key.lower()
    if not isinstance(value, str) or not value:
        return None
    if name in TOKEN_KEYS:
        return PLACEHOLDER_JWT
    if name in KEY_KEYS:
        return PLACEHOLDER_KEY
    if name in SECRET_KEYS:
        return PLACEHOLDER_SECRET
    return None


def scrub_json(value: Any) -> Any:
    """Secret-named fields (tokens, keys, secrets) and secret shapes inside every string.

    A listSecrets answer `{"secretsType": "AccountKey", "key": ...}` names its
    key just `key`: it gets the storage key placeholder.
    """
    if isinstance(value, dict):
        is_secrets_answer = "secretsType" in value or "secretstype" in value
        out = {}
        for key, item in value.items():
            replacement = _placeholder_for(str(key), item)
            if replacement is None and is_secrets_answer and str(key).lower() == "key":
                replacement = PLACEHOLDER_KEY
            out[key] = replacement if replacement is not None else scrub_json(item)
        return out
    if isinstance(value, list):
        return [scrub_json(item) for item in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value


def expire_far_away(value: Any) -> Any:
    """`expires_on` of a token answer moves to 2100, so a replay years later reuses the token."""
    if isinstance(value, dict) and "access_token" in value:
        for key in ("expires_on", "expiresOn"):
            if key in value:
                value = {**value, key: type(value[key])(FAR_FUTURE)}
    return value


def scrub_form(body: str) -> str:
    """Token request forms: `client_secret`, assertions, refresh tokens, passwords."""
    pairs = parse_qsl(body, keep_blank_values=True)
    if not pairs or not any(key in FORM_SECRETS for key, _ in pairs):
        return scrub_text(body)
    return urlencode([(k, PLACEHOLDER_SECRET if k in FORM_SECRETS and v else scrub_text(v))
                      for k, v in pairs])


def scrub_headers(headers: dict[str, Any]) -> dict[str, Any]:
    """Credentials in headers become placeholders; other header values lose JWTs and SAS."""
    out: dict[str, Any] = {}
    for name, value in headers.items():
        values = value if isinstance(value, list | tuple) else [value]
        if name.lower() in SECRET_HEADERS:
            scrubbed = [_header_placeholder(name, str(v)) for v in values]
        else:
            scrubbed = [scrub_text(v) if isinstance(v, str) else v for v in values]
        out[name] = scrubbed if isinstance(value, list | tuple) else scrubbed[0]
    return out


def _header_placeholder(name: str, value: str) -> str:
    scheme = value.split(" ", 1)[0] if " " in value else ""
    if name.lower() in ("authorization", "proxy-authorization") and scheme.lower() == "bearer":
        return f"Bearer {PLACEHOLDER_JWT}"
    return f"{scheme} {PLACEHOLDER_SECRET}".strip()


def scrub_body(body: bytes | None, content_type: str = "") -> bytes | None:
    """A body of any kind: JSON by field, forms by parameter, other text by shape."""
    if not body:
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body  # binary: file contents, never credentials in these APIs
    if text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except ValueError:
            pass
        else:
            cleaned = expire_far_away(scrub_json(document))
            return body if cleaned == document else _dump_like(text, cleaned)
    if "x-www-form-urlencoded" in content_type.lower() or _looks_like_form(text):
        cleaned_text = scrub_form(text)
    else:
        cleaned_text = scrub_text(text)
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
    request.uri = scrub_text(request.uri)
    request.headers = scrub_headers(dict(request.headers))
    body = request.body
    if isinstance(body, bytes | str):
        raw = body.encode("utf-8") if isinstance(body, str) else body
        cleaned = scrub_body(raw, _header(dict(request.headers), "content-type"))
        if cleaned is not raw:
            request.body = cleaned
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy `before_record_response` hook: headers and body of a recorded response."""
    headers = {k: v for k, v in response.get("headers", {}).items() if k.lower() != "set-cookie"}
    headers = scrub_headers(headers)
    body = response.get("body", {}).get("string")
    if isinstance(body, str):
        body = body.encode("utf-8")
    cleaned = scrub_body(body, _header(headers, "content-type"))
    if cleaned is not body:
        headers = fix_framing(headers, cleaned)
        response = {**response, "body": {**response["body"], "string": cleaned}}
    return {**response, "headers": headers}


SCRUBBERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("JSON Web Token", scrub_jwts),
    ("Shared Access Signature", scrub_sas),
    ("connection string key", scrub_connection_strings),
)
