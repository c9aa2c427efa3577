"""Attachment bodies for the Allure report: built from verdicts and evidence, never judged here.

Each builder is a pure function returning bytes or text, so it can be tested without
Allure, and the report shows exactly what the verdict and the evidence files say.
"""

from __future__ import annotations

import difflib
import html
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..compare.verdict import Difference, Verdict
from ..evidence import MetricSeries

STYLE = (
    "<style>body{font-family:system-ui,sans-serif;font-size:13px;margin:8px}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;"
    "text-align:left;vertical-align:top;font-family:ui-monospace,monospace;font-size:12px;"
    "overflow-wrap:anywhere;max-width:24em}th,td.word{white-space:nowrap}"
    "th{background:#f3f3f3}tr.error td{background:#fde8e8}tr.noise td{background:#eef6ee}"
    "tr.warning td{background:#fff8e1}caption{text-align:left;font-weight:600;padding:4px 0}"
    "</style>"
)
COLUMNS = ("evidence", "path", "v1", "v2", "tolerance", "note", "severity")
#: Short one-word columns stay whole; values and notes wrap anywhere to fit the frame.
_WORD_COLUMNS, _WORD = {0, 6}, ' class="word"'


def differences_html(verdict: Verdict) -> str:
    """The differences table as a small standalone HTML page (one row per difference)."""
    caption = (f"{verdict.scenario}::{verdict.evidence}: {verdict.outcome.value} "
               f"(expect {verdict.expect}), {len(verdict.blocking)} beyond tolerance, "
               f"{len(verdict.warnings)} within tolerance or informational")
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    rows = "".join(_row(d) for d in verdict.differences)
    if not rows:
        rows = f'<tr><td colspan="{len(COLUMNS)}">no differences</td></tr>'
    return (f"<!doctype html><html><head><meta charset=\"utf-8\">{STYLE}</head><body>"
            f'<table class="parity-differences"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></body></html>")


def _row(diff: Difference) -> str:
    kind = "noise" if diff.noise else diff.severity
    note = diff.note + (" (learned noise)" if diff.noise else "")
    cells = (diff.evidence, diff.path, _text(diff.v1), _text(diff.v2),
             diff.tolerance or "exact", note, "noise" if diff.noise else diff.severity)
    return f'<tr class="{html.escape(kind)}">' + "".join(
        f"<td{_WORD if i in _WORD_COLUMNS else ''}>{html.escape(c)}</td>"
        for i, c in enumerate(cells)) + "</tr>"


def _text(value: Any) -> str:
    if value is None:
        return "(absent)"
    return value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)


def spec_diff(v1: Any, v2: Any) -> str:
    """A unified diff of the two canonical specs (JSON, sorted keys): what a reviewer reads."""
    left = json.dumps(v1, indent=2, sort_keys=True, default=str).splitlines()
    right = json.dumps(v2, indent=2, sort_keys=True, default=str).splitlines()
    lines = list(difflib.unified_diff(left, right, "v1 canonical spec", "v2 canonical spec",
                                      lineterm="", n=3))
    return "\n".join(lines) + "\n" if lines else "the canonical specs are identical\n"


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
