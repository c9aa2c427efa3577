"""Attachment bodies for the Allure report: built from verdicts and evidence, never judged here.

Each builder is a pure function returning bytes or text, so it can be tested without
Allure, and the report shows exactly what the verdict and the evidence files say.
"""

from __future__ import annotations

import difflib
import html
import json
from typing import Any

from ..compare.verdict import Difference, Verdict

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
