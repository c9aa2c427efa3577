"""Render verdicts as short plain-text tables for pytest's failure output and summary."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..compare.verdict import Difference, Verdict
from .messages import cell_error, said_once

VALUE_WIDTH = 48
#: The outcome each expectation asks for.
WANTED = {"parity": "PASS", "drift": "DRIFT", "broken": "BROKEN"}


def difference_table(differences: Iterable[Difference], title: str = "") -> str:
    """`evidence | path | v1 | v2 | tolerance | note` as text, one row per difference."""
    table = Table(title=Text(title) if title else None, box=box.SIMPLE_HEAD, show_lines=False,
                  title_justify="left")
    for column in ("evidence", "path", "v1", "v2", "tolerance", "note"):
        table.add_column(column, overflow="fold")
    for diff in differences:
        note = diff.note + (" (learned noise)" if diff.noise else "")
        if diff.severity != "error":
            note = f"[{diff.severity}] {note}".strip()
        _row(table, diff.evidence, diff.path, _cell(diff.v1), _cell(diff.v2),
             diff.tolerance or "exact", note)
    return _to_text(table)


def expectation_head(verdict: Verdict) -> str:
    """`s::run: expected BROKEN (expect: broken), got PASS`: what was declared, then what
    happened, for an item that did not meet its expectation ("" when it did)."""
    if verdict.meets_expectation:
        return ""
    wanted = WANTED.get(verdict.expect, verdict.expect)
    got = verdict.outcome.value
    if got == wanted == "BROKEN":
        got = "BROKEN before the sides ran (a breakage `expect: broken` certifies is a side " \
              "that ran and failed)"
    return f"{verdict.scenario}::{verdict.evidence}: expected {wanted} " \
           f"(expect: {verdict.expect}), got {got}"


def verdict_message(verdict: Verdict) -> str:
    """What a failing item shows: the expectation and the outcome in one sentence, then the
    table of differences."""
    blocking = verdict.blocking
    count = f"{len(blocking)} difference{'s' if len(blocking) != 1 else ''} beyond tolerance"
    head = expectation_head(verdict)
    if not head:
        head = f"{verdict.scenario}::{verdict.evidence}: {verdict.outcome.value}, {count}"
    elif verdict.outcome.value == "BROKEN":
        return head + "\n" + said_once(verdict.error)
    elif blocking:
        head += f", {count}"
    elif verdict.expect == "drift":
        head += ": both sides agree; the known-bad migration is no longer detected."
    else:
        head += ": both sides agree."
    table = "\n" + difference_table(blocking) if blocking else ""
    return head + table + _warnings_block(verdict)


def summary_table(verdicts: Iterable[Verdict]) -> str:
    """One row per item for the end-of-session summary."""
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("scenario", "evidence", "verdict", "expect", "worst difference"):
        table.add_column(column, overflow="fold")
    for verdict in verdicts:
        worst = verdict.blocking[0] if verdict.blocking else None
        worst_text = f"{worst.path}: {_cell(worst.v1)} → {_cell(worst.v2)}" if worst else ""
        mark = "ok" if verdict.meets_expectation else "FAIL"
        _row(table, verdict.scenario, verdict.evidence, f"{verdict.outcome.value} ({mark})",
             verdict.expect,
             worst_text or cell_error(verdict.error))
    return _to_text(table)


def warnings_section(verdicts: Iterable[Verdict]) -> str:
    """Every item's warnings, passing items' included: a typo'd ignore pattern leaves its
    item green, so the end of the session is where it must be seen ("" when none)."""
    blocks = []
    for verdict in verdicts:
        flagged = verdict.flagged
        if flagged:
            count = f"{len(flagged)} warning{'s' if len(flagged) != 1 else ''}"
            blocks.append(difference_table(
                flagged, title=f"{verdict.scenario}::{verdict.evidence}: {count}"))
    return "\n\n".join(blocks)


def _row(table: Table, *cells: str) -> None:
    """Cells as plain text: user and SDK strings such as `[unwrap_json_string]` are never
    read as Rich markup."""
    table.add_row(*(Text(cell) for cell in cells))


def _warnings_block(verdict: Verdict) -> str:
    if not verdict.warnings:
        return ""
    return "\nwithin tolerance or informational:\n" + difference_table(verdict.warnings)


def _cell(value: Any) -> str:
    if value is None:
        return "(absent)"
    text = value if isinstance(value, str) else json.dumps(value, default=str, sort_keys=True)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def _to_text(table: Table) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue().rstrip()
