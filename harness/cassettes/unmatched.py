"""Requests a replay could not answer, tracked by the harness and reported in plain words.

SDKs catch exceptions broadly and may turn vcrpy's "not in cassette" error
into something misleading ("Supported input path value are ARM id, ..."), so
the cassette itself keeps a list of what it refused, and the worker reports
that list instead of whatever the SDK raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vcr.cassette import Cassette

from .matchers import body_bytes, explaining
from .normalise import (
    SOURCE_ARCHIVE,
    TEMP_FILE_NAME,
    V1_UPLOAD,
    V1_UPLOAD_SHORT,
    normalise_url,
)

CLIENT_NAMES = (TEMP_FILE_NAME, SOURCE_ARCHIVE, V1_UPLOAD, V1_UPLOAD_SHORT)
#: Idempotent discovery and metadata reads, replayed as often as a client asks.
REPEATABLE = re.compile(
    r"(^/discovery$|/metadata/endpoints$|/\.well-known/openid-configuration$"
    r"|/common/discovery/instance$)"
)

BODY_EXCERPT = 300


@dataclass
class Unmatched:
    """One request the cassette had no answer for, and the recorded request closest to it."""

    method: str
    url: str
    body: str = ""
    closest: str = ""
    differences: list[str] = field(default_factory=list)
    reason: str = "no_match"

    def describe(self) -> str:
        lines = [f"  {self.method} {self.url}"]
        if self.body:
            lines.append(f"    body: {self.body}")
        if self.reason == "already_played":
            lines.append("    every recorded copy of this request was already used: the side made "
                         "it more often than when it was recorded")
        elif self.reason == "network":
            lines.append("    a direct connection outside the cassette (blocked by the replay "
                         "network guard)")
        elif self.closest:
            lines.append(f"    closest recorded: {self.closest}")
            lines.extend(f"    differs: {d}" for d in self.differences)
        else:
            lines.append("    nothing similar was recorded")
        return "\n".join(lines)


def excerpt(raw: bytes, limit: int = BODY_EXCERPT) -> str:
    if not raw:
        return ""
    try:
        text = " ".join(raw.decode("utf-8").split())
    except UnicodeDecodeError:
        return f"<{len(raw)} bytes of binary>"
    return text if len(text) <= limit else text[:limit] + "…"


def describe_request(cassette: Cassette, request: Any) -> Unmatched:
    """The request, the closest recorded one and what differs (vcrpy's matcher messages)."""
    found = Unmatched(request.method, normalise_url(request.uri), excerpt(body_bytes(request)))
    with explaining():
        similar = cassette.find_requests_with_most_matches(request)
    if not similar:
        return found
    stored, _successes, failures = similar[0]
    found.closest = f"{stored.method} {normalise_url(stored.uri)}"
    found.differences = [str(message) for _name, message in failures]
    if not failures:
        found.reason = "already_played"
    return found


class TrackingCassette(Cassette):
    """A vcrpy Cassette that remembers every request it refused to answer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unmatched: list[Unmatched] = []
        self._refused: list[Any] = []

    def _repeatable(self, request: Any) -> bool:
        """Discovery and metadata GETs: how often a client asks depends on its caches.

        Only when replaying: a recording must record every call as it happens.
        """
        return (self.write_protected and request.method.upper() == "GET"
                and bool(REPEATABLE.search(request.path)))

    def play_response(self, request: Any) -> Any:
        if self._repeatable(request) and not self._fresh(request):
            self.allow_playback_repeats = True
            try:
                return super().play_response(request)
            finally:
                self.allow_playback_repeats = False
        return self._play_fresh(request)

    def _fresh(self, request: Any) -> bool:
        return any(self.play_counts[i] == 0 for i, _ in self._responses(request))

    def _play_fresh(self, request: Any) -> Any:
        """The recorded response, with names the client generated afresh put back in.

        Some names are chosen by the client at random and echoed by the service (the
        temporary driver file v1 `Model.deploy` uploads, its upload folder). The
        matcher ignores them; the client does not, so the recorded response must
        carry the names this replay's request used.
        """
        for index, _ in self._responses(request):
            if self.play_counts[index] == 0 or self.allow_playback_repeats:
                response = super().play_response(request)
                stored = self.data[index][0]
                return echo_client_names(response, _request_text(stored),
                                         _request_text(self._before_record_request(request)))
        return super().play_response(request)

    def can_play_response_for(self, request: Any) -> bool:
        if self._repeatable(request) and any(True for _ in self._responses(request)):
            return True
        playable = bool(super().can_play_response_for(request))
        if not playable and self.write_protected and not any(r is request for r in self._refused):
            self._refused.append(request)
            self.unmatched.append(describe_request(self, self._before_record_request(request)))
        return playable


def report(unmatched: list[Unmatched], *, scenario: str, label: str, cassette: str,
           scenario_arg: str, recorded_sdk: dict[str, str] | None = None,
           installed_sdk: dict[str, str] | None = None) -> str:
    """The BROKEN message: an SDK upgrade first (it explains everything after it), then what
    was asked, what was recorded, and how to re-certify."""
    shown = unmatched[:5]
    more = f"\n  ... and {len(unmatched) - len(shown)} more" if len(unmatched) > len(shown) else ""
    upgrade = sdk_upgrade(recorded_sdk or {}, installed_sdk or {})
    return (
        (f"{scenario} {label}: {upgrade}\n" if upgrade else "")
        + f"{scenario} {label}: the replay made {len(unmatched)} request(s) that {cassette} "
        "does not hold:\n" + "\n".join(u.describe() for u in shown) + more + "\n"
        "The migration (or the SDK) changed since this cassette certified it. If the change is "
        f"intended, re-record: pytest {scenario_arg} --record-mode=all "
        "(against the local workspace; add --parity-target=azure for a real one)."
    )


def sdk_upgrade(recorded: dict[str, str], installed: dict[str, str]) -> str:
    """`an SDK upgrade: recorded with azure-ai-ml 1.35.2, 1.36.0 is installed ...`, or ""."""
    changed = [f"{name} {recorded[name]} -> {installed.get(name, 'not installed')}"
               for name in sorted(recorded, key=_sdk_rank)
               if installed.get(name) != recorded[name]]
    if not changed:
        return ""
    return ("an SDK upgrade: the cassette was recorded with other package versions than are "
            f"installed now ({'; '.join(changed)}). A new SDK version may send other requests, "
            "so the differences below may be the upgrade's rather than the migration's.")


def _sdk_rank(name: str) -> tuple[int, str]:
    """The two SDKs under migration first, then their dependencies by name."""
    return ({"azureml-core": 0, "azure-ai-ml": 1}.get(name, 2), name)


def _request_text(request: Any) -> str:
    body = request.body or b""
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return f"{request.uri}\n{body}"


def echo_client_names(response: Any, recorded: str, live: str) -> Any:
    """Swap each client-generated name of the recorded request for the live one, in order."""
    pairs = {}
    for pattern in CLIENT_NAMES:
        old, new = pattern.findall(recorded), pattern.findall(live)
        if len(old) == len(new):
            pairs.update({a: b for a, b in zip(old, new, strict=True) if a != b})
    body = (response.get("body") or {}).get("string")
    if not pairs or not body:
        return response
    text = body.decode("utf-8", errors="surrogateescape") if isinstance(body, bytes) else body
    for old_name, new_name in pairs.items():
        text = text.replace(old_name, new_name)
    encoded = text.encode("utf-8", errors="surrogateescape") if isinstance(body, bytes) else text
    return {**response, "body": {**response["body"], "string": encoded}}
