"""The evidence record survives a JSON round trip and knows its files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from harness.evidence import FileRef, MetricSeries, SideEvidence


def test_side_evidence_round_trips_through_json(tmp_path: Path) -> None:
    out = tmp_path / "model.pkl"
    out.write_bytes(b"weights")
    evidence = SideEvidence(
        "v2", status="Completed", duration_s=12.5,
        metrics={"loss": MetricSeries("number", [0.5, 0.25], [1, 2]),
                 "roc": MetricSeries("table", columns={"fpr": [0.0, 1.0]}),
                 "plot": MetricSeries("image", ["plot.png"])},
        params={"alpha": "0.1"}, tags={"team": "risk"},
        files={"outputs/model.pkl": FileRef.of(out)}, logs="done\n",
        command="python train.py --alpha 0.1", environment={"image": "mcr/py311"})
    path = evidence.save(tmp_path / "evidence" / "v2.json")
    assert SideEvidence.load(path) == evidence
    assert evidence.metric_files() == {"plot.png"}


def test_file_refs_hash_the_downloaded_copy(tmp_path: Path) -> None:
    out = tmp_path / "a.bin"
    out.write_bytes(b"x" * 3_000_000)
    ref = FileRef.of(out)
    assert ref.sha256 == hashlib.sha256(b"x" * 3_000_000).hexdigest()
    assert (ref.size, ref.local) == (3_000_000, str(out.resolve()))


def test_metric_series_default_steps_count_from_zero() -> None:
    assert MetricSeries("number", [3.0, 2.0]).steps == [0, 1]
