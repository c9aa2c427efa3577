"""Files written once per session: machine-readable verdicts and a Markdown summary."""

from __future__ import annotations

import json
from pathlib import Path

from ..compare.verdict import Verdict
from .terminal import _cell


def write_session_reports(folder: Path, verdicts: list[Verdict]) -> None:
    """`verdicts.json` for tools and `summary.md` for a pull-request comment."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "verdicts.json").write_text(
        json.dumps([v.to_dict() for v in verdicts], indent=2, default=str), encoding="utf-8"
    )
    (folder / "summary.md").write_text(summary_markdown(verdicts), encoding="utf-8")


def summary_markdown(verdicts: list[Verdict]) -> str:
    ok = sum(v.meets_expectation for v in verdicts)
    lines = [
        "# aml-parity summary",
        "",
        f"{ok} of {len(verdicts)} items as expected.",
        "",
        "| scenario | evidence | verdict | expect | worst difference |",
        "|---|---|---|---|---|",
    ]
    for v in verdicts:
        worst = v.blocking[0] if v.blocking else None
        text = f"`{worst.path}`: {_cell(worst.v1)} → {_cell(worst.v2)}" if worst else ""
        if not worst and v.error:
            text = v.error.splitlines()[0]
        mark = "✅" if v.meets_expectation else "❌"
        escaped = text.replace("|", "\\|")
        lines.append(
            f"| {v.scenario} | {v.evidence} | {mark} {v.outcome.value} | {v.expect} | {escaped} |"
        )
    return "\n".join(lines) + "\n"
