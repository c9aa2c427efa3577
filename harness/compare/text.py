"""Byte-for-byte and line-by-line file comparison: the fallback for files with no structure."""

from __future__ import annotations

from pathlib import Path

from harness.compare.base import FileComparator, FileRule
from harness.compare.numeric import fmt
from harness.compare.verdict import Difference
from harness.evidence import FileRef


class ExactComparator(FileComparator):
    """Same SHA-256 or different: for binaries whose content has no meaning we can compare."""

    kind = "exact"

    def compare(self, path: str, v1: FileRef, v2: FileRef, rule: FileRule) -> list[Difference]:
        if v1.sha256 == v2.sha256:
            return []
        return [self.difference(path, f"sha256 {v1.sha256[:12]} ({v1.size} B)",
                                f"sha256 {v2.sha256[:12]} ({v2.size} B)", rule,
                                note="contents differ")]


class TextComparator(FileComparator):
    """Line by line, with CRLF and LF treated alike (Windows vs Linux compute writes both)."""

    kind = "text"

    def compare(self, path: str, v1: FileRef, v2: FileRef, rule: FileRule) -> list[Difference]:
        try:
            left = _lines(v1.local)
        except (OSError, UnicodeDecodeError) as error:
            return [self.unreadable(path, "v1", error, rule)]
        try:
            right = _lines(v2.local)
        except (OSError, UnicodeDecodeError) as error:
            return [self.unreadable(path, "v2", error, rule)]
        if left == right:
            return []
        changed = [i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b]
        first = changed[0] if changed else min(len(left), len(right))
        a = left[first] if first < len(left) else None
        b = right[first] if first < len(right) else None
        parts = []
        if changed:
            parts.append(f"{len(changed)} line(s) differ, first at line {first + 1}")
        if len(left) != len(right):
            parts.append(f"{len(left)} lines in v1, {len(right)} in v2")
        return [self.difference(f"{path}:{first + 1}", fmt(a), fmt(b), rule,
                                note="; ".join(parts))]


def _lines(local: str) -> list[str]:
    text = Path(local).read_text(encoding="utf-8")
    return text.replace("\r\n", "\n").split("\n")
