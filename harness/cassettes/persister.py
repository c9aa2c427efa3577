"""A vcrpy persister: readable YAML, large and binary bodies stored once, gzip-compressed.

Layout of a scenario's cassette folder::

    cassettes/<scenario>/v1-run.yaml        metadata first, then the interactions
    cassettes/<scenario>/bodies/<sha256>.gz  bodies over 64 KiB and binary bodies

A body stored aside is written in the YAML as `{file, sha256, size}`, so the
YAML stays small and diffable, and a file downloaded by both sides (or by
every noise repeat) is stored once. Polls are fast-forwarded on save
(`polling.collapse_polls`). Bodies are kept byte for byte (Content-Length
must still hold), as strings when they are text.

A file that does not parse, or a body that is missing or altered, raises `CorruptCassette`
(file, line, how to restore it) rather than PyYAML's or gzip's own error; vcrpy would
otherwise take an unreadable cassette for an empty one.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.request import Request
from vcr.serializers import compat

from .corrupt import CorruptCassette
from .polling import collapse_polls

BODIES = "bodies"
THRESHOLD = 64 * 1024
FORMAT_VERSION = 1


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Multi-line strings as literal blocks; nothing else changes."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class BodyStorePersister:
    """vcrpy calls `load_cassette` and `save_cassette`; `meta` is merged into what is saved.

    `replace` is for re-recording (`--record-mode=all`): the old file is never read, so
    a cassette too damaged to load can still be recorded afresh.
    """

    def __init__(self, meta: dict[str, Any] | None = None, threshold: int = THRESHOLD,
                 replace: bool = False) -> None:
        self.meta: dict[str, Any] = dict(meta or {})
        self.threshold = threshold
        self.replace = replace

    def load_cassette(self, cassette_path: str | Path, serializer: Any = None
                      ) -> tuple[list[Request], list[dict[str, Any]], dict[str, Any]]:
        path = Path(cassette_path)
        if self.replace:
            raise CassetteNotFoundError()
        data = load_document(path)
        requests, responses = [], []
        for request_data, response_data in interactions(path, data):
            request = dict(request_data)
            request["body"] = _inline(request.get("body"), path)
            requests.append(Request._from_dict(request))
            response = copy.deepcopy(response_data)
            response["body"] = {"string": _inline(response.get("body"), path)}
            responses.append(compat.convert_to_bytes(response))
        return requests, responses, dict(data.get("metadata") or {})

    def save_cassette(self, cassette_path: str | Path, cassette_dict: dict[str, Any],
                      serializer: Any = None) -> None:
        path = Path(cassette_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pairs = [
            (compat.convert_to_unicode(request._to_dict()),
             compat.convert_to_unicode(copy.deepcopy(response)))
            for request, response in zip(cassette_dict["requests"], cassette_dict["responses"],
                                         strict=True)
        ]
        interactions = []
        for request, response in collapse_polls(pairs):
            request = {**request, "body": self._aside(request.get("body"), path.parent)}
            response = {**response, "body": self._aside(response["body"].get("string"),
                                                        path.parent, wrap=True)}
            interactions.append({"request": request, "response": response})
        document = {
            "metadata": {**(cassette_dict.get("metadata") or {}), **self.meta},
            "version": FORMAT_VERSION,
            "interactions": interactions,
        }
        text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         width=4096)
        temporary = path.with_suffix(".yaml.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)

    def _aside(self, body: Any, folder: Path, wrap: bool = False) -> Any:
        """Small text stays inline; large or binary bodies go to `bodies/`."""
        if body is None or (isinstance(body, str) and len(body.encode()) <= self.threshold):
            return {"string": body} if wrap else body
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        if isinstance(body, bytes) and len(raw) <= self.threshold and _is_text(raw):
            text = raw.decode("utf-8")
            return {"string": text} if wrap else text
        digest = store_body(folder, raw)
        return {"file": f"{BODIES}/{digest}.gz", "sha256": digest, "size": len(raw)}


def _is_text(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def store_body(folder: Path, raw: bytes) -> str:
    """Write `bodies/<sha256>.gz` once (deterministic gzip, so re-recording is a no-op)."""
    digest = hashlib.sha256(raw).hexdigest()
    target = folder / BODIES / f"{digest}.gz"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{id(raw)}.tmp")
        temporary.write_bytes(gzip.compress(raw, compresslevel=6, mtime=0))
        temporary.replace(target)
    return digest


def _inline(body: Any, cassette: Path) -> Any:
    """The bytes or text of a body as stored: inline, `{string: ...}` or `{file: ...}`."""
    if isinstance(body, dict) and "file" in body:
        return stored_body(cassette, body)
    if isinstance(body, dict):
        return body.get("string")
    return body


def stored_body(cassette: Path, reference: dict[str, Any]) -> bytes:
    """The bytes of a body kept under `bodies/`, checked against the digest the YAML holds."""
    path = cassette.parent / str(reference["file"])
    try:
        raw = gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        raise CorruptCassette(path, "is missing", cassette=cassette) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise CorruptCassette(path, f"is not a readable gzip file ({exc})",
                              cassette=cassette) from None
    if hashlib.sha256(raw).hexdigest() != reference.get("sha256"):
        raise CorruptCassette(path, "does not match the sha256 its cassette records",
                              cassette=cassette)
    return raw


def load_document(path: Path) -> dict[str, Any]:
    """The parsed YAML of a cassette; CassetteNotFoundError when there is none."""
    if not path.is_file():
        raise CassetteNotFoundError()
    data = _parse(path, path.read_bytes())
    if not isinstance(data, dict) or not isinstance(data.get("interactions") or [], list):
        raise CorruptCassette(path, "holds no cassette (a YAML mapping with `metadata:`, "
                                    "`version:` and a list of `interactions:`)")
    return data


def interactions(path: Path, data: dict[str, Any]) -> Iterator[tuple[dict[str, Any],
                                                                     dict[str, Any]]]:
    """Each recorded (request, response) pair; a malformed one names its position."""
    for index, item in enumerate(data.get("interactions") or [], start=1):
        request = item.get("request") if isinstance(item, dict) else None
        response = item.get("response") if isinstance(item, dict) else None
        if not isinstance(request, dict) or not isinstance(response, dict):
            raise CorruptCassette(path, f"interaction {index} is not a `request:` and "
                                        "`response:` pair")
        yield request, response


def _parse(path: Path, raw: bytes) -> Any:
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except UnicodeDecodeError as exc:
        raise CorruptCassette(path, f"is not UTF-8 text ({exc})") from None
    except yaml.YAMLError as exc:
        raise CorruptCassette.from_yaml_error(path, exc) from None


def read_metadata(path: Path) -> dict[str, Any]:
    """Only the leading `metadata:` block, without parsing the interactions (cheap)."""
    head: list[bytes] = []
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith((b"version:", b"interactions:")):
                break
            head.append(line)
    data = _parse(path, b"".join(head)) or {}
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return dict(metadata) if isinstance(metadata, dict) else {}


def referenced_bodies(path: Path) -> set[str]:
    """`bodies/<sha>.gz` files a cassette refers to (for pruning)."""
    found: set[str] = set()
    for request, response in interactions(path, load_document(path)):
        for part in (request.get("body"), response.get("body")):
            if isinstance(part, dict) and "file" in part:
                found.add(part["file"])
    return found
