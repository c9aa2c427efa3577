"""A side that broke while recording leaves no cassette behind.

A recording of a broken side (a script that raised, a deployment whose init failed)
replays that breakage: after the fix, `--record-mode=once` would replay the broken
run and fail on the changed snapshot. So a recording is provisional until its side
completes: the previous cassette is set aside first, and put back (or the new one
removed) when the side breaks, unless the scenario expects the breakage
(`expect: broken`), which the cassette then certifies.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PREVIOUS_SUFFIX = ".previous"


def previous_of(cassette: Path) -> Path:
    return cassette.with_name(cassette.name + PREVIOUS_SUFFIX)


def set_aside(cassette: Path) -> None:
    """Keep a copy of the cassette a recording is about to replace (if there is one)."""
    backup = previous_of(cassette)
    backup.unlink(missing_ok=True)
    if cassette.is_file():
        shutil.copy2(cassette, backup)


def settle(cassette: Path, *, keep: bool) -> str:
    """Keep the new recording, or undo it; returns what was undone, for the BROKEN text."""
    backup = previous_of(cassette)
    if keep:
        backup.unlink(missing_ok=True)
        return ""
    if backup.is_file():
        backup.replace(cassette)
        return (f"The recording of this broken side was not kept: {cassette} is the previous "
                "recording again.")
    if cassette.is_file():
        cassette.unlink()
        return (f"The recording of this broken side was not kept ({cassette} removed), so "
                "the next --record-mode=once run records it afresh.")
    return ""
