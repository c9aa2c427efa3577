"""Endpoint latencies survive a replay: recorded with the cassette, read back when replaying.

vcrpy answers a replayed request in microseconds, so latency measured during a replay
says nothing about the endpoint (it measures the SDK and vcrpy, and varies with load).
The recording keeps each response's measured latency in its cassette's metadata; a
replay puts those numbers back into the evidence, so a latency ceiling gives the verdict
the recording gave.
"""

from __future__ import annotations

from ..cassettes.recorder import Recording
from ..evidence import EndpointEvidence

META_KEY = "latencies_ms"


def carry_latencies(evidence: EndpointEvidence, opened: Recording) -> EndpointEvidence:
    """Record the measured latencies, or put the recorded ones back on a replay."""
    if opened.cassette is None:
        return evidence
    sent = [[r.channel, r.request] for r in evidence.responses]
    if not opened.replay_only:
        opened.remember(META_KEY, [[*key, r.latency_ms]
                                   for key, r in zip(sent, evidence.responses, strict=True)])
        evidence.latency_source = "measured"
        return evidence
    recorded = opened.recalled(META_KEY) or []
    if [entry[:2] for entry in recorded] != sent:
        evidence.latency_source = "replayed"  # recorded before latencies were kept
        return evidence
    for entry, response in zip(recorded, evidence.responses, strict=True):
        response.latency_ms = float(entry[2])
    evidence.latency_source = "recorded"
    return evidence
