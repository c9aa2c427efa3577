"""Where a path really is, even when it is a symlink loop (Python 3.11 raises for those)."""

from __future__ import annotations

from pathlib import Path


def real_path(path: Path) -> Path:
    """`path.resolve()`, or its absolute form when it cannot be resolved (a symlink loop,
    a NUL byte): a scenario file that is such a link is still reported, by this name."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()
