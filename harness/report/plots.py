"""Plots the report attaches beside comparisons: metric histories and endpoint latencies.

Pure functions returning PNG bytes (matplotlib's Agg canvas: no display, thread-safe),
so they can be tested without Allure.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..evidence import MetricSeries


def plottable(series: MetricSeries | None) -> bool:
    return (series is not None and series.kind == "number" and bool(series.values)
            and all(_is_number(v) for v in series.values))


def metric_plot(
    name: str,
    v1: MetricSeries | None,
    v2: MetricSeries | None,
    v2_name: str = "",
    repeats: Sequence[MetricSeries] = (),
) -> bytes:
    """One PNG with v1's and v2's histories of a metric overlaid (v1 repeats in grey)."""
    from matplotlib.figure import Figure  # the Agg canvas: no display, thread-safe

    figure = Figure(figsize=(6.4, 3.6), dpi=100)
    axes = figure.subplots()
    for index, extra in enumerate(repeats):
        if plottable(extra):
            axes.plot(extra.steps, [float(v) for v in extra.values], color="#bbbbbb",
                      linewidth=1, label="v1 repeats" if index == 0 else None)
    for series, label, style in ((v1, f"v1 {name}", "-o"), (v2, f"v2 {v2_name or name}", "--s")):
        if plottable(series):
            assert series is not None
            axes.plot(series.steps, [float(v) for v in series.values], style, markersize=3,
                      label=label)
    axes.set_title(name if not v2_name or v2_name == name else f"{name} → {v2_name}")
    axes.set_xlabel("step")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="best", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def metric_pairs(
    v1: Mapping[str, MetricSeries], v2: Mapping[str, MetricSeries], rename: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(v1 name, v2 name) for every numeric metric either side logged, renames applied."""
    pairs = []
    seen_v2 = set()
    for name in sorted(v1):
        other = rename.get(name, name)
        if plottable(v1[name]) or plottable(v2.get(other)):
            pairs.append((name, other))
            seen_v2.add(other)
    pairs += [(name, name) for name in sorted(v2) if name not in seen_v2 and plottable(v2[name])
              and name not in v1]
    return pairs


def latency_plot(latencies: Mapping[str, Iterable[float]]) -> bytes:
    """Endpoint latency distributions of both sides as overlaid histograms with p50/p95."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.6), dpi=100)
    axes = figure.subplots()
    for side, values in latencies.items():
        data = sorted(float(v) for v in values if _is_number(v))
        if not data:
            continue
        p50, p95 = _percentile(data, 50), _percentile(data, 95)
        axes.hist(data, bins=min(30, max(5, len(data) // 2)), alpha=0.5,
                  label=f"{side}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        axes.axvline(p95, linestyle="--", linewidth=1)
    axes.set_title("endpoint latency")
    axes.set_xlabel("ms")
    axes.set_ylabel("requests")
    axes.legend(loc="best", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    rank = (len(sorted_values) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
