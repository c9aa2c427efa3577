"""vcrpy matchers that compare what a request means, registered by name and composed by a list.

Each matcher raises AssertionError with a readable difference (vcrpy's
convention), which is what an unmatched-request report shows. vcrpy compares a
live request with every recorded one and formats each failure, so the body's
difference (a deepdiff) is only worked out inside `explaining()`, when a report
is being written; otherwise a differing body just does not match. Bodies are
compared by kind: JSON after `normalise_json`,
forms and text after `normalise_text`, blob contents by digest. Token
requests and `listSecrets` carry no migration data: their bodies are not
compared (newer SDKs send a body to listSecrets, older ones none).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import re
import tarfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .normalise import (
    normalise_json,
    normalise_path,
    normalise_query,
    normalise_text,
    parse_json,
    service_of,
)

Matcher = Callable[[Any, Any], "bool | None"]
BODY_IGNORED_PATHS = ("/listsecrets", "/listkeys", "/getkeys", "/token")
MAX_DIFFERENCES = 12
_explaining = contextvars.ContextVar("explaining", default=False)


@contextlib.contextmanager
def explaining() -> Iterator[None]:
    """Within it, a differing body raises with a readable difference instead of just failing."""
    token = _explaining.set(True)
    try:
        yield
    finally:
        _explaining.reset(token)


@lru_cache(maxsize=8192)
def _url_parts(uri: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(service, normalised path, normalised query) of a URI; vcrpy compares every live
    request with every recorded one, so each URI is normalised once."""
    parts = urlsplit(uri)
    service = service_of(parts.netloc)
    return service, normalise_path(service, parts.path), normalise_query(parts.query)


def request_service(request: Any) -> str:
    return _url_parts(request.uri)[0]


def request_path(request: Any) -> str:
    return _url_parts(request.uri)[1]


def request_query(request: Any) -> tuple[tuple[str, str], ...]:
    return _url_parts(request.uri)[2]


def body_bytes(request: Any) -> bytes:
    raw = getattr(request, "body_bytes", None)
    if raw is None:
        raw = request.body
    if hasattr(raw, "read"):
        position = raw.tell()
        data = raw.read()
        raw.seek(position)
        raw = data
    if isinstance(raw, list):
        raw = b"".join(raw)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return raw or b""


def _header(request: Any, name: str) -> str:
    value = request.headers.get(name)  # vcrpy's HeadersDict ignores case
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value or "")


def method(r1: Any, r2: Any) -> None:
    if r1.method.upper() != r2.method.upper():
        raise AssertionError(f"method {r1.method} != {r2.method}")


def service(r1: Any, r2: Any) -> None:
    """Same Azure service, whatever the region, storage account or local/real host."""
    s1, s2 = request_service(r1), request_service(r2)
    if s1 != s2:
        raise AssertionError(f"service {s1} != {s2}")


def path(r1: Any, r2: Any) -> None:
    p1, p2 = request_path(r1), request_path(r2)
    if p1 != p2:
        raise AssertionError(f"path {p1} != {p2}")


def query(r1: Any, r2: Any) -> None:
    q1, q2 = request_query(r1), request_query(r2)
    if q1 != q2:
        gone = sorted(set(q2) - set(q1))
        new = sorted(set(q1) - set(q2))
        raise AssertionError(f"query {_pairs(gone)} -> {_pairs(new)}")


def byte_range(r1: Any, r2: Any) -> None:
    """Ranged blob reads of one file must get their own range back, not another chunk's."""
    a = _header(r1, "x-ms-range") or _header(r1, "range")
    b = _header(r2, "x-ms-range") or _header(r2, "range")
    if a != b:
        raise AssertionError(f"range {b or '(whole)'} -> {a or '(whole)'}")


def body(r1: Any, r2: Any) -> bool:
    """r1 is the live request, r2 the recorded one (vcrpy's order)."""
    svc = request_service(r1)
    if svc == "aad" or urlsplit(r1.uri).path.lower().endswith(BODY_IGNORED_PATHS):
        return True
    live = body_key(svc, _header(r1, "content-type"), body_bytes(r1))
    recorded = body_key(svc, _header(r2, "content-type"), body_bytes(r2))
    if live == recorded:
        return True
    if _explaining.get():
        raise AssertionError("body " + "; ".join(body_differences(recorded, live)))
    return False


@lru_cache(maxsize=4096)
def body_key(svc: str, content_type: str, raw: bytes) -> tuple[Any, ...]:
    """What of a body is compared: json document, form pairs, text, or bytes digest."""
    if not raw.strip():
        return ("empty",)
    if svc != "blob" or raw.lstrip()[:1] in (b"{", b"["):
        try:
            document = normalise_json(parse_json(raw))
        except (ValueError, UnicodeDecodeError):
            pass
        else:
            return ("json", _Frozen(document)) if document not in ({}, []) else ("empty",)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _digest(raw)
    if svc == "blob" and not text.lstrip().startswith("<"):
        return _digest(raw)
    boundary = re.search(r"boundary=\"?([^\";]+)", content_type)
    if boundary:
        text = text.replace(boundary.group(1), "<boundary>")
    if "x-www-form-urlencoded" in content_type:
        pairs = parse_qsl(text, keep_blank_values=True)
        return ("form", tuple(sorted((k, normalise_text(v)) for k, v in pairs)))
    return ("text", normalise_text(text))


def _digest(raw: bytes) -> tuple[str, str, int]:
    """A content digest; for a gzipped tar (v1 uploads its source folder as one) the members'.

    The archive's own bytes change with every upload (member times, the random name of
    the driver it holds), while what it carries does not.
    """
    if raw[:2] == b"\x1f\x8b":
        members = _tar_members(raw)
        if members is not None:
            return ("bytes", hashlib.sha256(repr(members).encode()).hexdigest(), len(members))
    return ("bytes", hashlib.sha256(raw).hexdigest(), len(raw))


def _tar_members(raw: bytes) -> list[tuple[str, str]] | None:
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as archive:
            return sorted(
                (normalise_text(m.name), hashlib.sha256(_member_bytes(archive, m)).hexdigest())
                for m in archive.getmembers() if m.isfile()
            )
    except (tarfile.TarError, OSError, EOFError, AttributeError):
        return None


def _member_bytes(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = archive.extractfile(member)
    return handle.read() if handle is not None else b""


class _Frozen:
    """A JSON document usable as an lru_cache value and compared by content."""

    def __init__(self, document: Any) -> None:
        self.document = document

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen) and self.document == other.document

    def __hash__(self) -> int:
        return 0


def body_differences(recorded: tuple[Any, ...], live: tuple[Any, ...]) -> list[str]:
    """Readable differences between two body keys, recorded first."""
    if recorded[0] == live[0] == "json":
        return json_differences(recorded[1].document, live[1].document) or ["differs"]
    if recorded[0] == live[0] == "bytes":
        return [f"sha256 {recorded[1][:12]}… ({recorded[2]} bytes) -> "
                f"{live[1][:12]}… ({live[2]} bytes)"]
    return [f"{_excerpt(recorded)} -> {_excerpt(live)}"]


def _excerpt(key: tuple[Any, ...], limit: int = 160) -> str:
    if key[0] == "empty":
        return "(empty)"
    value = key[1].document if isinstance(key[1], _Frozen) else key[1:]
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def json_differences(old: Any, new: Any) -> list[str]:
    """`properties.command: 'python train.py --alpha 0.0001' -> '... 0.001'` lines, old first."""
    from deepdiff import DeepDiff  # only when a difference must be told (slow to import)

    diff = DeepDiff(old, new, view="tree", verbose_level=2)
    lines: list[str] = []
    for kind in sorted(diff):
        for level in diff[kind]:
            where = _dotted(level.path(output_format="list"))
            if "added" in kind:
                lines.append(f"{where}: (absent) -> {_short(level.t2)}")
            elif "removed" in kind:
                lines.append(f"{where}: {_short(level.t1)} -> (absent)")
            else:
                lines.append(f"{where}: {_short(level.t1)} -> {_short(level.t2)}")
    return lines[:MAX_DIFFERENCES]


def _dotted(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(body)"


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in pairs) or "(none)"


#: Registered under these names; `MATCH_ON` is the list a cassette uses.
MATCHERS: dict[str, Matcher] = {
    "aml_method": method,
    "aml_service": service,
    "aml_path": path,
    "aml_query": query,
    "aml_body": body,
    "aml_range": byte_range,
}
MATCH_ON = tuple(MATCHERS)
