"""Endpoint latency: judged on measured or recorded numbers, never on a replay's own timing."""

from __future__ import annotations

from harness.cassettes.persister import BodyStorePersister
from harness.cassettes.recorder import Recording
from harness.compare.responses import compare_responses
from harness.evidence import EndpointEvidence, Response
from harness.sides.recorded_latency import META_KEY, carry_latencies

CEILING = {"latency": {"max_ratio": 2.0}}


def evidence(side: str, latencies: list[float], source: str = "measured") -> EndpointEvidence:
    return EndpointEvidence(side, status="Succeeded", latency_source=source, responses=[
        Response(f"batch-{i}", "sdk", 200, [1.0], "application/json", ms)
        for i, ms in enumerate(latencies)])


def latency_paths(v1: EndpointEvidence, v2: EndpointEvidence) -> dict[str, bool]:
    return {d.path: d.breaks_parity for d in compare_responses(v1, v2, CEILING)
            if d.path.startswith("latency")}


def test_a_measured_v2_over_the_ceiling_breaks_parity() -> None:
    found = latency_paths(evidence("v1", [10, 11, 12]), evidence("v2", [40, 41, 42]))
    assert found == {"latency.p50_ms": False, "latency.p95_ms": False,
                     "latency.p95_ratio": True}


def test_a_replay_without_recorded_latencies_shows_them_but_never_judges() -> None:
    found = latency_paths(evidence("v1", [10, 11, 12], "replayed"),
                          evidence("v2", [40, 41, 42], "replayed"))
    assert found == {"latency.p50_ms": False, "latency.p95_ms": False}


def opened(replay_only: bool, stored: dict | None = None) -> Recording:
    return Recording(object(), "ab12cd34", replay_only, stored=stored or {},  # type: ignore[arg-type]
                     persister=BodyStorePersister())


def test_a_recording_keeps_latencies_and_its_replay_gets_them_back() -> None:
    recording = opened(replay_only=False)
    carry_latencies(evidence("v2", [40.5, 41.0]), recording)
    assert recording.persister is not None
    kept = recording.persister.meta[META_KEY]
    assert kept == [["sdk", "batch-0", 40.5], ["sdk", "batch-1", 41.0]]

    replayed = carry_latencies(evidence("v2", [0.3, 0.2]), opened(True, {META_KEY: kept}))
    assert [r.latency_ms for r in replayed.responses] == [40.5, 41.0]
    assert replayed.latency_source == "recorded"


def test_a_replay_of_other_requests_than_recorded_does_not_borrow_their_latencies() -> None:
    kept = [["sdk", "batch-0", 40.5]]
    replayed = carry_latencies(evidence("v2", [0.3, 0.2]), opened(True, {META_KEY: kept}))
    assert [r.latency_ms for r in replayed.responses] == [0.3, 0.2]
    assert replayed.latency_source == "replayed"
