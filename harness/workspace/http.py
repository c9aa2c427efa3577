"""The request and response types every service handler sees, and small helpers.

Handlers never touch sockets: the server parses the wire into a :class:`Request`, the
router calls a handler, and the handler returns a :class:`Response` (or raises an
:class:`HttpError` carrying one). That keeps services testable without a network.
"""

from __future__ import annotations

import email.utils
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from .context import WorkspaceContext


class Headers:
    """Case-insensitive, single-valued header view (HTTP header names ignore case)."""

    def __init__(self, items: Mapping[str, str] | list[tuple[str, str]] | None = None) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        pairs = items.items() if isinstance(items, Mapping) else (items or [])
        for name, value in pairs:
            self._items[name.lower()] = (name, value)

    def get(self, name: str, default: str | None = None) -> str | None:
        item = self._items.get(name.lower())
        return default if item is None else item[1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __setitem__(self, name: str, value: str) -> None:
        self._items[name.lower()] = (name, value)

    def items(self) -> list[tuple[str, str]]:
        return list(self._items.values())

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Headers whose name starts with ``prefix`` (lower-cased names, prefix removed)."""
        prefix = prefix.lower()
        return {k[len(prefix) :]: v for k, (_, v) in self._items.items() if k.startswith(prefix)}


class MalformedBody(ValueError):
    """The request body is not what the route needs; the service answers 400."""


@dataclass
class Request:
    """One HTTP request as a service sees it.

    ``host`` is the bare, lower-case host name used for routing; ``authority`` is the
    Host header as sent (with any port), used to build URLs that point back at us.
    ``params`` holds the named groups of the matched host and path patterns.
    """

    method: str
    host: str
    authority: str
    path: str
    raw_path: str
    query_string: str
    headers: Headers
    body: bytes
    scheme: str = "https"
    params: dict[str, str] = field(default_factory=dict)
    context: WorkspaceContext | None = None

    @property
    def query(self) -> dict[str, str]:
        """First value of each query parameter (blank values kept)."""
        return {k: v[0] for k, v in self.query_all.items()}

    @property
    def query_all(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    @property
    def base_url(self) -> str:
        """``scheme://authority`` of this request, for URLs that must come back here."""
        return f"{self.scheme}://{self.authority}"

    @property
    def ctx(self) -> WorkspaceContext:
        if self.context is None:
            raise RuntimeError("request is not bound to a workspace context")
        return self.context

    def json(self, default: Any = None) -> Any:
        """The body parsed as JSON; ``default`` when empty; MalformedBody when invalid."""
        if not self.body.strip():
            return default
        try:
            return json.loads(self.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedBody(f"request body is not valid JSON: {exc}") from exc

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; MalformedBody for anything else."""
        value = self.json(default={})
        if not isinstance(value, dict):
            raise MalformedBody(
                f"request body must be a JSON object, got {type(value).__name__}"
            )
        return value

    def form(self) -> dict[str, str]:
        """The body as ``application/x-www-form-urlencoded`` fields (first values)."""
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedBody(f"form body is not UTF-8: {exc}") from exc
        return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


@dataclass
class Response:
    """What a handler answers; the server adds Date, Content-Length and connection headers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls, document: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(document).encode(), merged)

    @classmethod
    def xml(
        cls, text: str, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        merged = {"Content-Type": "application/xml", **(headers or {})}
        return cls(status, text.encode("utf-8"), merged)

    @classmethod
    def empty(cls, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
        return cls(status, b"", dict(headers or {}))


class HttpError(Exception):
    """An error that already knows its wire form; services subclass it in exceptions.py."""

    def __init__(self, response: Response, message: str = "") -> None:
        super().__init__(message or f"HTTP {response.status}")
        self.response = response


def http_date(timestamp: float | None = None) -> str:
    """RFC 7231 date, as in ``Date`` and ``Last-Modified`` headers."""
    return email.utils.formatdate(timestamp if timestamp is not None else time.time(), usegmt=True)


def iso_time(timestamp: float | None = None) -> str:
    """ISO 8601 UTC time with 7 fractional digits, the way Azure services write it."""
    moment = timestamp if timestamp is not None else time.time()
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment))
    return f"{whole}.{int((moment % 1) * 10_000_000):07d}+00:00"


def new_id() -> str:
    """A fresh request / correlation id."""
    return str(uuid.uuid4())
