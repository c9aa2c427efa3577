"""Fast-forward status polling: a replayed side sees the final state on its first poll.

Both SDKs wait for a run by polling its status with growing sleeps (v1
`wait_for_completion`, v2 `jobs.stream`, long-running operations). Recorded
as is, a replay would repeat the waits. On save, every poll of a status
resource gets the response of its last poll, so the SDK's loop ends at once
and the copies it no longer asks for stay unused. A poll group is broken by
any write (PUT, POST, PATCH, DELETE) to the same resource or one above or
below it, so "GET 404, PUT, GET 200" keeps its meaning.
"""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import urlsplit

from .normalise import normalise_query, service_of

Interaction = tuple[dict[str, Any], dict[str, Any]]
STATUS_FIELDS = (("status",), ("properties", "status"), ("properties", "provisioningState"),
                 ("runStatus",))


def poll_key(request: dict[str, Any]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The polled resource: its exact path, so two operations whose ids the matcher
    treats alike (`mfeOperationsStatus/<uuid>`) are never merged into one."""
    parts = urlsplit(request["uri"])
    service = service_of(parts.netloc)
    return service, parts.path.rstrip("/"), normalise_query(parts.query)


def status_of(response: dict[str, Any]) -> str | None:
    """The status a 2xx JSON answer reports (run, job or operation), or None."""
    if not 200 <= int(response.get("status", {}).get("code", 0)) < 300:
        return None
    body = response.get("body", {}).get("string")
    if not body:
        return None
    try:
        document = json.loads(body)
    except (ValueError, TypeError):
        return None
    for fields in STATUS_FIELDS:
        value: Any = document
        for name in fields:
            value = value.get(name) if isinstance(value, dict) else None
        if isinstance(value, str):
            return value
    return None


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def collapse_polls(interactions: list[Interaction]) -> list[Interaction]:
    """Each poll of a status resource answers with that group's final response."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    generation: dict[tuple[Any, ...], int] = {}
    for index, (request, response) in enumerate(interactions):
        key = poll_key(request)
        if request["method"].upper() != "GET":
            for other in list(generation):
                if other[0] == key[0] and _related(other[1], key[1]):
                    generation[other] += 1
            continue
        if status_of(response) is None:
            continue
        group = (key, generation.setdefault(key, 0))
        groups.setdefault(group, []).append(index)
    out = list(interactions)
    for indexes in groups.values():
        final = interactions[indexes[-1]][1]
        for index in indexes[:-1]:
            out[index] = (interactions[index][0], copy.deepcopy(final))
    return out
