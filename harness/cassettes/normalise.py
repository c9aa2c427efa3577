"""Reduce a request to its meaning: service instead of host, ids and times as placeholders.

A cassette recorded against real Azure and one recorded against the local
workspace differ in storage account names, regions, generated ids, content
hashes, timestamps and api-versions. None of these says anything about the
migration, so matching compares requests after these pure functions.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .host import HOST_FIELDS, hide_shapes

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32,128}(?![0-9A-Za-z])")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{8}T\d{6}Z?"
)
#: v1 upload folders: `LocalUpload/<yymmddTHHMMSS>-<8 random hex>` (Model.register, uploads).
V1_UPLOAD = re.compile(r"(?<![0-9A-Za-z])\d{6}T\d{6}-[0-9a-f]{8}(?![0-9A-Za-z])")
#: ... or `LocalUpload/<8 random hex>` (the driver Model.deploy generates).
V1_UPLOAD_SHORT = re.compile(r"(?<=LocalUpload/)[0-9a-f]{8}(?![0-9A-Za-z])")
#: Python `tempfile` names (`tmpv_bed0no.py`): v1 Model.deploy uploads a generated driver so.
TEMP_FILE = re.compile(r"(?<![0-9A-Za-z])tmp[a-z0-9_]{8}(?=\.py\b)")
TEMP_FILE_NAME = re.compile(r"(?<![0-9A-Za-z])tmp[a-z0-9_]{8}\.py\b")
#: ... and the source-directory archive it uploads (`c8e9af4f.tar.gz`).
SOURCE_ARCHIVE = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8}\.tar\.gz\b")
EPOCH = re.compile(r"(?<![0-9A-Za-z.])1[5-9]\d{8}(\d{3})?(?![0-9A-Za-z])")

SERVICES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("arm", re.compile(r"management\.azure\.com")),
    ("aad", re.compile(r"login\.(microsoftonline\.com|windows\.net|microsoft\.com)")),
    ("aml", re.compile(r"[a-z0-9-]+\.api\.azureml\.ms")),
    ("blob", re.compile(r"[a-z0-9]{3,24}\.blob\.core\.windows\.net")),
    ("scoring", re.compile(r"[a-z0-9-]+\.[a-z0-9]+\.inference\.ml\.azure\.com")),
    ("aci", re.compile(r"[a-z0-9-]+\.[a-z0-9]+\.azurecontainer\.io")),
    ("keyvault", re.compile(r"[a-z0-9-]{3,24}\.vault\.azure\.net")),
    ("registry", re.compile(r"cert-[a-z0-9]+\.experiments\.azureml\.net")),
    ("telemetry", re.compile(r"dc\.services\.visualstudio\.com"
                             r"|(?:[a-z0-9-]+\.)+applicationinsights\.azure\.com")),
    ("loopback", re.compile(r"127\.0\.0\.1|localhost|\[?::1\]?")),
)

#: Query parameters that carry no meaning for matching: api-version (SDK upgrades
#: change it), Shared Access Signature fields (expiry, signature, key ids), block
#: ids and server time-outs. `comp`, `restype`, `prefix` and the rest are kept.
VOLATILE_QUERY = frozenset({
    "api-version", "sv", "se", "st", "sp", "sig", "sr", "spr", "sip", "ss", "srt",
    "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid", "sdd", "ses",
    "rscc", "rscd", "rsce", "rscl", "rsct", "blockid", "timeout", "_",
})

#: JSON keys whose values describe the machine that ran the side, not the migration:
#: git state of the working copy (dirty, commit, branch), added by both SDKs.
VOLATILE_KEY_PREFIXES = ("azureml.git.", "mlflow.source.git.")


def service_of(host: str) -> str:
    """`management.azure.com` -> `arm`, any region's `*.api.azureml.ms` -> `aml`, ... ."""
    bare = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
    for name, pattern in SERVICES:
        if pattern.fullmatch(bare):
            return name
    return bare


def normalise_text(text: str) -> str:
    """Generated values inside any string become placeholders: JWTs, ids, hashes, times,
    and any machine's platform and Python build strings."""
    text = hide_shapes(JWT.sub("<jwt>", text))
    text = UUID.sub("<uuid>", text)
    text = ISO_TIME.sub("<time>", text)
    text = V1_UPLOAD.sub("<upload>", text)
    text = V1_UPLOAD_SHORT.sub("<upload>", text)
    text = TEMP_FILE.sub("<tempfile>", text)
    text = SOURCE_ARCHIVE.sub("<archive>.tar.gz", text)
    text = HEX_DIGEST.sub("<hex>", text)
    return EPOCH.sub("<epoch>", text)


def normalise_path(service: str, path: str) -> str:
    """The URL path with generated segments replaced; the AAD tenant is any tenant."""
    path = V1_UPLOAD_SHORT.sub("<upload>", unquote(path))
    segments = [normalise_text(s) for s in path.split("/")]
    if service == "aad" and len(segments) > 1 and segments[1]:
        segments[1] = "<tenant>"
    if service == "blob" and len(segments) > 1 and segments[1].startswith("azureml-blobstore-"):
        segments[1] = "azureml-blobstore-<uuid>"
    return "/".join(segments).rstrip("/") or "/"


def normalise_query(query: str) -> tuple[tuple[str, str], ...]:
    """Sorted query pairs without volatile parameters, values normalised."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return tuple(sorted(
        (key, normalise_text(value)) for key, value in pairs if key.lower() not in VOLATILE_QUERY
    ))


def normalise_url(uri: str) -> str:
    """One readable string per meaning: `arm GET`-independent `service/path?query`."""
    parts = urlsplit(uri)
    service = service_of(parts.netloc)
    query = "&".join(f"{k}={v}" for k, v in normalise_query(parts.query))
    return f"{service}:{normalise_path(service, parts.path)}" + (f"?{query}" if query else "")


def normalise_json(value: Any) -> Any:
    """A JSON document with volatile keys dropped, empty values dropped, strings normalised.

    Absent, null and empty are the same here: newer SDKs send defaults older
    ones left out, and that says nothing about the migration.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if str(key).startswith(VOLATILE_KEY_PREFIXES) or str(key).lower() in HOST_FIELDS:
                continue
            item = normalise_json(item)
            if item in (None, {}, [], ""):
                continue
            out[str(key)] = item
        return out
    if isinstance(value, list):
        return [normalise_json(item) for item in value]
    if isinstance(value, str):
        return normalise_text(value)
    return value


def parse_json(body: bytes) -> Any:
    """The JSON document in a body, or raise ValueError."""
    return json.loads(body.decode("utf-8"))
