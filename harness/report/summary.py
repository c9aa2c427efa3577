"""Files written once per session: machine-readable verdicts and a Markdown summary.

The summary is a pull-request comment: one table (scenario, item, verdict, worst
difference, link), headed by the certificate's answer when one was written. Both hold
every scenario item's latest verdict, this session's or an earlier one's (`merge.py`);
a row from an earlier session says which. Links go to the item's page in the Allure
report (`report-links.json`, written by the Allure plugin) under `$AML_PARITY_REPORT_URL`
when set, else to its evidence folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..compare.verdict import Verdict
from ..evidence import EvidenceFolder
from .messages import cell_error
from .run_facts import SessionStamp
from .shared_folder import read_json, write_atomic
from .terminal import _cell

VERDICTS_FILE = "verdicts.json"
SUMMARY_FILE = "summary.md"
LINKS_FILE = "report-links.json"
REPORT_URL_ENV = "AML_PARITY_REPORT_URL"
ERROR_LIMIT = 160
NOT_RUN_SHOWN = 5


def write_session_reports(
    folder: Path, entries: list[dict[str, Any]], report_built: bool = False
) -> None:
    """`verdicts.json` for tools (verdict dicts, each with its `session`) and `summary.md`."""
    write_atomic(folder / VERDICTS_FILE, json.dumps(entries, indent=2, default=str))
    write_summary(folder, [Verdict.from_dict(e) for e in entries], report_built)


def write_summary(folder: Path, verdicts: list[Verdict], report_built: bool = False) -> None:
    write_atomic(folder / SUMMARY_FILE, summary_markdown(verdicts, folder, report_built))


def write_links(path: Path, allure_ids: dict[str, str]) -> None:
    """`scenario::item -> Allure result id`, for the summary's links into the report."""
    write_atomic(path, json.dumps(dict(sorted(allure_ids.items())), indent=2))


def summary_markdown(
    verdicts: list[Verdict], folder: Path | None = None, report_built: bool = False
) -> str:
    """The table; links go to the Allure report once `aml-parity report` has built it."""
    ok = sum(v.meets_expectation for v in verdicts)
    links = _read_json(folder / LINKS_FILE) if folder else {}
    certificate = _read_json(folder / "certificate.json") if folder else {}
    earlier = _earlier_sessions(certificate)
    lines = ["# aml-parity summary", ""]
    certified = _certificate_line(certificate)
    if certified:
        lines += [certified, ""]
    lines += [
        f"{ok} of {len(verdicts)} items as expected.",
        "",
        "| scenario | item | verdict | worst difference | details |",
        "|---|---|---|---|---|",
    ]
    for v in verdicts:
        mark = "✅" if v.meets_expectation else "❌"
        expected = " (expected)" if v.expect != "parity" and v.meets_expectation else ""
        verdict = f"{mark} {v.outcome.value}{expected}"
        if v.expect == "drift" and not v.meets_expectation and v.outcome.value == "PASS":
            verdict += " (drift expected)"
        if (v.scenario, v.evidence) in earlier:
            verdict += f", from {earlier[v.scenario, v.evidence]}"
        link = _link(v, links, report_built)
        lines.append(f"| {v.scenario} | {v.evidence} | {verdict} | "
                     f"{_escape(worst_difference(v))} | {link} |")
    lines += warning_lines(verdicts)
    return "\n".join(lines) + "\n"


def warning_lines(verdicts: list[Verdict]) -> list[str]:
    """A `Warnings` list under the table, passing items' included: a typo'd ignore pattern
    leaves its row green, and the pull-request comment is where a reviewer sees it."""
    found = [(v, d) for v in verdicts for d in v.flagged]
    if not found:
        return []
    lines = ["", "## Warnings", ""]
    for v, d in found:
        values = f"{_cell(d.v1)} → {_cell(d.v2)}"
        note = f": {d.note}" if d.note else ""
        lines.append(f"- **{v.scenario}::{v.evidence}** `{d.path}` {_escape(values)}"
                     f"{_escape(note)}")
    return lines


def worst_difference(v: Verdict) -> str:
    """The first blocking difference and how many more, or the error's first line (short)."""
    worst = v.blocking[0] if v.blocking else None
    if worst:
        more = f" (+{len(v.blocking) - 1} more)" if len(v.blocking) > 1 else ""
        return f"`{worst.path}`: {_cell(worst.v1)} → {_cell(worst.v2)}{more}"
    if v.error:
        return _shortened(cell_error(v.error))
    return ""


def _shortened(text: str, limit: int = ERROR_LIMIT) -> str:
    """A table cell, not a log: the report and the evidence folder hold the whole error."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _link(v: Verdict, links: dict[str, str], report_built: bool) -> str:
    key = f"{v.scenario}::{v.evidence}"
    base = os.environ.get(REPORT_URL_ENV, "").rstrip("/")
    if key in links and base:
        return f"[report]({base}/index.html#{links[key]})"
    if key in links and report_built:
        return f"[report](allure-report/index.html#{links[key]})"
    return f"[evidence]({EvidenceFolder(Path(), v.scenario, v.evidence).relative()}/)"


def _earlier_sessions(certificate: dict[str, Any]) -> dict[tuple[str, str], str]:
    """`(scenario, item) -> "the session of ..."` for results kept from earlier sessions."""
    latest = SessionStamp.from_dict(certificate.get("session")).id
    found = {}
    for name, entry in (certificate.get("scenarios") or {}).items():
        for kind, item in (entry.get("items") or {}).items():
            stamp = SessionStamp.from_dict(item.get("session"))
            if item.get("session") and stamp.id != latest:
                found[name, kind] = stamp.shown
    return found


def _certificate_line(certificate: dict[str, Any]) -> str:
    if "certified" not in certificate:
        return ""
    if certificate["certified"]:
        return "**Certified for cutover**: every scenario met its expectation."
    failing = sorted(n for n, s in certificate.get("scenarios", {}).items()
                     if not s.get("certified"))
    not_run = certificate.get("not_run") or []
    parts = [", ".join(failing)] if failing else []
    if not_run:
        shown = ", ".join(not_run[:NOT_RUN_SHOWN]) + (", …" if len(not_run) > NOT_RUN_SHOWN
                                                      else "")
        parts.append(f"{len(not_run)} scenario(s) not run ({shown}); "
                     "`aml-parity certify --require GLOB` certifies a subset")
    return f"**Not certified**: {'; '.join(parts)}."


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _read_json(path: Path) -> dict:
    data = read_json(path)
    return data if isinstance(data, dict) else {}
