"""Secrets recognisable by the name they are given: variables, fields, headers, options.

A name is split into words (`DB_PASSWORD`, `dbPassword`, `db-password` -> db, password)
and its last word decides: `password`, `secret`, `token`, `credential`, `signature`
always name a secret; `key` does when the word before qualifies it (`account key`,
`api key`, `primaryKey`) or when the value looks like one (long, no spaces). Names
that describe a secret rather than hold one (`token_type`, `secretsType`, `keyVault`,
`expires_on`) end in another word and are left alone.
"""

from __future__ import annotations

import re

#: Chosen by people: a secret whatever its length.
CHOSEN = frozenset({
    "password", "passwd", "passphrase", "secret", "credential", "credentials",
    "connectionstring", "connstr", "assertion", "cookie",
})
#: Made by machines: secrets are long (a short value under such a name, like the harness's
#: own 8-character `run_token` naming suffix, is an identifier).
MADE = frozenset({"token", "sas", "sastoken", "apikey", "accesskey", "accountkey", "privatekey"})
MADE_MIN_LENGTH = 16
KEY_QUALIFIERS = frozenset({
    "api", "access", "account", "storage", "primary", "secondary", "private", "shared",
    "master", "subscription", "endpoint", "auth", "signing", "encryption", "service",
    "client", "secret", "sas", "admin", "instrumentation", "function", "functions", "host",
})
#: Tokens that page through lists or guard forms: handed back by the client, not secrets.
NOT_SECRET_TOKENS = frozenset({"continuation", "next", "skip", "page", "paging", "sync",
                               "cancellation", "csrf", "max", "num", "count"})
#: `connection string`, `client secret`, `access token` read as one secret whatever the case.
PAIRS = {("connection", "string"), ("conn", "string"), ("conn", "str")}
WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")
KEY_LIKE_VALUE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/=_~.-]{20,}$")
#: `e.tokens.length-1`, `self.token_cache`: code (minified JavaScript, Python), not a value.
CODE_LIKE = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+([-+]\d+)?$")
UUID_VALUE = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


def words(name: str) -> list[str]:
    """`DB_PASSWORD` -> [db, password]; `primaryKey` -> [primary, key]; `x-api-key` -> [...]."""
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in WORD.findall(part)]


def names_secret(name: str, value: str = "") -> bool:
    """True when a value called `name` is a secret. Without a value (a header name), the
    name alone decides; with one, machine-made kinds need a long value and an unqualified
    `key` a value that looks like a key."""
    parts = words(name)
    while parts and parts[-1].isdigit():  # key1, key2
        parts.pop()
    if not parts:
        return False
    kind = _kind(parts)
    if kind == "chosen":
        return True
    if kind == "made":
        return not value or (len(value) >= MADE_MIN_LENGTH and not CODE_LIKE.match(value))
    if kind == "key":
        return bool(KEY_LIKE_VALUE.match(value) and not UUID_VALUE.match(value))
    return False


def _kind(parts: list[str]) -> str:
    """`chosen`, `made`, `key` (unqualified) or `` for a name's words."""
    last, joined = parts[-1], "".join(parts)
    if last == "token" and len(parts) > 1 and parts[-2] in NOT_SECRET_TOKENS:
        return ""
    if last in CHOSEN or joined in CHOSEN or tuple(parts[-2:]) in PAIRS:
        return "chosen"
    if last in MADE or joined in MADE:
        return "made"
    if len(parts) == 1 and _secret_suffix(last):  # accesstoken, primarykey, clientsecret
        return "chosen" if last.endswith(("secret", "password")) else "made"
    if last in ("key", "keys"):
        return "made" if len(parts) > 1 and parts[-2] in KEY_QUALIFIERS else "key"
    return ""


def _secret_suffix(word: str) -> bool:
    """A name written as one lower-case word: `accesstoken`, `storagekey`, `clientsecret`."""
    for suffix in ("token", "secret", "password"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[:-len(suffix)] not in NOT_SECRET_TOKENS
    return word.endswith("key") and word[:-3] in KEY_QUALIFIERS
