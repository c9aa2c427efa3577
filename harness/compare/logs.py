"""Log parity: lines each side's log must contain (`expect`) and must not contain (`forbid`).

Logs are never compared line by line: timestamps, run ids and SDK banners differ
by design. What a migration must keep is the script's own signals ("Training
complete") and must not gain are warnings such as deprecations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.compare.numeric import fmt
from harness.compare.verdict import Difference
from harness.evidence import SideEvidence

LOGS = "logs"


@dataclass(frozen=True)
class LogRules:
    """The `compare.logs` block."""

    expect: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, block: Mapping[str, Any] | None) -> LogRules:
        block = block or {}
        return cls(tuple(block.get("expect") or ()), tuple(block.get("forbid") or ()))


def compare_logs(v1: SideEvidence, v2: SideEvidence,
                 rules: LogRules | Mapping[str, Any] | None = None) -> list[Difference]:
    """One difference per `expect` pattern a side misses and per `forbid` pattern a side hits."""
    if not isinstance(rules, LogRules):
        rules = LogRules.from_dict(rules)
    texts = {"v1": v1.log_text(), "v2": v2.log_text()}
    found: list[Difference] = []
    found.extend(_check("expect", rules.expect, texts))
    found.extend(_check("forbid", rules.forbid, texts))
    return found


def _check(mode: str, patterns: Iterable[str], texts: Mapping[str, str]) -> list[Difference]:
    found: list[Difference] = []
    for i, pattern in enumerate(patterns):
        path = f"{mode}[{i}]"
        try:
            regex = re.compile(pattern, re.MULTILINE)
        except re.error as error:
            found.append(Difference(LOGS, path, None, None, pattern,
                                    note=f"compare.logs.{mode}[{i}] is not a valid regex: "
                                         f"{error}; fix the pattern"))
            continue
        hits = {side: _line(regex.search(text), text) for side, text in texts.items()}
        bad = [s for s, hit in hits.items() if (hit is None) == (mode == "expect")]
        if not bad:
            continue
        verb = "does not match" if mode == "expect" else "matches"
        found.append(Difference(LOGS, path, _show(hits["v1"]), _show(hits["v2"]),
                                f"{mode} /{pattern}/",
                                note=f"the {' and '.join(bad)} log {verb} /{pattern}/"))
    return found


def _line(match: re.Match[str] | None, text: str) -> str | None:
    """The whole line a match falls on: what a reader needs to recognise it."""
    if match is None:
        return None
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:end if end >= 0 else len(text)].strip()


def _show(line: str | None) -> str:
    return "no match" if line is None else fmt(line)
