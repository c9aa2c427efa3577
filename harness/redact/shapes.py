"""Secrets recognisable by their shape alone, wherever they appear in text.

Each kind is a pattern whose secret part is one named group, `secret`; the rest of
the match (a `sig=` or `AccountKey=` prefix, a PEM header) stays, so a scrubbed
text still says what was there. Placeholders that must still parse (a JWT a client
decodes, a base64 key azure-storage signs with) are chosen in `placeholders.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """One kind of secret: its name in findings, its pattern, and its placeholder kind."""

    kind: str
    pattern: re.Pattern[str]
    placeholder: str  # "jwt", "key" or "secret" (see placeholders.py)


#: A JSON Web Token: AAD access/id tokens, run tokens, MLflow tokens.
JWT = re.compile(r"(?P<secret>eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)")

SHAPES: tuple[Shape, ...] = (
    Shape("JSON Web Token", JWT, "jwt"),
    Shape("PEM private key", re.compile(
        r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----(?P<secret>[\s\S]+?)-----END (?:[A-Z]+ )?"
        r"PRIVATE KEY-----"), "secret"),
    Shape("Shared Access Signature", re.compile(
        r"(?i)(?:^|(?<=[?&;\s\"'\\]))sig=(?P<secret>[^&\s\"';\\]+)"), "secret"),
    Shape("connection string key", re.compile(
        r"(?i)(?:AccountKey|SharedAccessKey)=(?P<secret>[^;\s\"'\\]+)"), "key"),
    Shape("connection string signature", re.compile(
        r"(?i)SharedAccessSignature=(?P<secret>[^;\s\"'\\]+)"), "secret"),
    Shape("connection string password", re.compile(
        r"(?i)(?<=;)\s*(?:Password|Pwd)=(?P<secret>[^;\s\"'\\]+)"), "secret"),
    Shape("Azure AD client secret", re.compile(
        r"(?<![\w~.-])(?P<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])"),
        "secret"),
    Shape("storage account key", re.compile(
        r"(?<![A-Za-z0-9+/=])(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])"), "key"),
    Shape("bearer token", re.compile(
        r"(?i)\b(?:Bearer|Basic)\s+(?P<secret>[A-Za-z0-9+/_.~-]{16,}=*)"), "secret"),
)
