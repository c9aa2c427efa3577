"""What a secret becomes: placeholders that still parse where a client would parse them.

Replays hand recorded answers back to the SDKs, so a token must still decode (both SDKs
read `exp` and `tid`: the placeholder JWT has `exp` in 2100 and a tenant) and a storage
key must still be base64 of the right size (azure-storage signs requests with it; the
signature lands in a header matching ignores). Everything else becomes `REDACTED`.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

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
PLACEHOLDERS = frozenset({PLACEHOLDER_JWT, PLACEHOLDER_KEY, PLACEHOLDER_SECRET})

_JWT_VALUE = re.compile(r"^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$")
_KEY_VALUE = re.compile(r"^[A-Za-z0-9+/]{40,}={0,2}$")


def placeholder(kind: str, length: int | None = None) -> str:
    """The placeholder of a kind (`jwt`, `key`, `secret`); with `length`, exactly that long
    (for a body whose size may not change, such as one chunk of a larger blob)."""
    text = {"jwt": PLACEHOLDER_JWT, "key": PLACEHOLDER_KEY}.get(kind, PLACEHOLDER_SECRET)
    if length is None:
        return text
    return (PLACEHOLDER_SECRET + "*" * length)[:length]


def kind_of(value: str, name_words: list[str] | None = None) -> str:
    """Which placeholder fits a secret: tokens stay JWTs (azureml-core decodes the ones it
    gets), keys stay base64 keys (azure-storage signs with them); the name decides first,
    then the value's shape."""
    last = name_words[-1] if name_words else ""
    if last.endswith("token") or _JWT_VALUE.match(value):
        return "jwt"
    if last in ("key", "keys") or last.endswith("key") or (
            _KEY_VALUE.match(value) and len(value) % 4 == 0):
        return "key"
    return "secret"


_MASKS = frozenset(PLACEHOLDER_SECRET[:n] for n in range(1, len(PLACEHOLDER_SECRET) + 1))


def is_placeholder(value: str) -> bool:
    """Exactly a placeholder, or a length-kept mask of one (`REDACTED***`, `REDA`), not
    text that merely starts like one."""
    return value in PLACEHOLDERS or value in _MASKS or bool(re.fullmatch(r"REDACTED\*+", value))
