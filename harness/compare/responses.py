"""Endpoint responses compared: status, then body as JSON with tolerance, then latency.

The body rules follow how migrations break: a `json.dumps` inside `run()` makes one side
answer a JSON *string* holding the document (double encoding), which clients parsing
the body once see as a different type; that is drift unless the scenario declares
`unwrap_json_string`, saying its clients accept both.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..evidence import EndpointEvidence, Response
from .base import FileRule
from .jsondoc import JsonComparator
from .numeric import Tolerance
from .scoring_log import cause_note
from .verdict import Difference

ENDPOINT = "endpoint"
CHANNELS = ("sdk", "http")


def compare_responses(v1: EndpointEvidence, v2: EndpointEvidence,
                      rules: Mapping[str, Any] | None = None) -> list[Difference]:
    """Every difference between the two deployments' answers to the same requests."""
    rules = rules or {}
    unwrap = "unwrap_json_string" in (rules.get("normalise") or [])
    rule = FileRule(kind="json", tolerance=Tolerance.from_dict(rules.get("tolerance")))
    found: list[Difference] = []
    for channel in CHANNELS:
        left, right = v1.by_channel(channel), v2.by_channel(channel)
        for name in sorted(set(left) | set(right)):
            path = name if channel == "sdk" else f"{name} (raw http)"
            if name not in left or name not in right:
                found.append(Difference(ENDPOINT, path, _brief(left.get(name)),
                                        _brief(right.get(name)), note="answered by one side only"))
                continue
            found.extend(_pair(path, left[name], right[name], rule, unwrap, channel,
                               (v1.logs, v2.logs)))
    found.extend(_latency(v1, v2, rules.get("latency") or {}))
    return found


def _pair(path: str, a: Response, b: Response, rule: FileRule, unwrap: bool,
          channel: str, logs: tuple[str, str] = ("", "")) -> list[Difference]:
    if a.status != b.status:
        return [Difference(ENDPOINT, f"{path}.status", a.status, b.status,
                           note=_status_note(a, b, logs))]
    if a.status != 200:
        return []
    found: list[Difference] = []
    if channel == "http" and _media(a.content_type) != _media(b.content_type):
        found.append(Difference(ENDPOINT, f"{path}.content_type", a.content_type,
                                b.content_type))
    left, right = a.body, b.body
    if unwrap:
        left, right = _unwrapped(left), _unwrapped(right)
    encoded = [isinstance(x, str) and _unwrapped(x) is not x for x in (left, right)]
    if encoded[0] != encoded[1]:
        return [*found, Difference(
            ENDPOINT, f"{path}.body", _text(left), _text(right),
            note=f"{'v1' if encoded[0] else 'v2'} answers a JSON-encoded string "
                 "(double-encoded, e.g. json.dumps inside run()); clients parsing once get a "
                 "string. Declare compare.endpoint.normalise: [unwrap_json_string] only if "
                 "every client accepts both",
        )]
    body = JsonComparator().compare_data(f"{path}.body", left, right, rule)
    return found + [dataclasses.replace(d, evidence=ENDPOINT) for d in body]


def _status_note(a: Response, b: Response, logs: tuple[str, str]) -> str:
    """The failing side's own exception from its scoring log first, then its answer."""
    failing = "v2" if b.status >= a.status else "v1"
    log, error = (logs[1], b.error) if failing == "v2" else (logs[0], a.error)
    cause = cause_note(log or "", failing)
    answer = (error or b.error or a.error or "")
    return "; ".join(part for part in (cause, answer) if part)[:600]


def _latency(v1: EndpointEvidence, v2: EndpointEvidence,
             rule: Mapping[str, Any]) -> list[Difference]:
    """p50/p95 per side, always reported; a ceiling on the v2/v1 p95 ratio when declared."""
    a, b = v1.latencies(), v2.latencies()
    if not a or not b:
        return []
    p = {side: np.percentile(values, [50, 95]) for side, values in (("v1", a), ("v2", b))}
    found = [Difference(ENDPOINT, f"latency.{name}_ms", round(float(p["v1"][i]), 1),
                        round(float(p["v2"][i]), 1), severity="info",
                        note=f"over {len(a)} / {len(b)} requests{_as_recorded(v1, v2)}")
             for i, name in enumerate(("p50", "p95"))]
    replayed = [e.side for e in (v1, v2) if e.latency_source == "replayed"]
    if replayed:  # vcrpy's speed, not the endpoint's: shown, never judged
        return [dataclasses.replace(d, note=f"{d.note}; replayed from a cassette without "
                                    "recorded latencies: re-record to judge latency")
                for d in found]
    ceiling = rule.get("max_ratio")
    ratio = float(p["v2"][1] / p["v1"][1]) if p["v1"][1] else float("inf")
    if ceiling is not None and ratio > float(ceiling):
        found.append(Difference(ENDPOINT, "latency.p95_ratio", 1.0, round(ratio, 2),
                                tolerance=f"v2/v1 <= {ceiling}",
                                note="v2 p95 latency over the declared ceiling"))
    return found


def _as_recorded(v1: EndpointEvidence, v2: EndpointEvidence) -> str:
    recorded = v1.latency_source == v2.latency_source == "recorded"
    return ", as measured when the cassettes were recorded" if recorded else ""


def _unwrapped(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _text(value: Any) -> str:
    """JSON text of the body as received, so a string holding a list shows its quotes."""
    return json.dumps(value)


def _brief(response: Response | None) -> Any:
    return None if response is None else f"{response.status}"
