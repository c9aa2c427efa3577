"""SHA-256 digests of files and folders, the identity a certificate pins evidence to."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

#: Files that change without the scenario changing.
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_files(folder: Path) -> list[Path]:
    """Every file under `folder` that belongs to it, in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not IGNORED_PARTS.intersection(p.parts)
        and p.suffix not in IGNORED_SUFFIXES
    )


def file_digests(files: Iterable[Path], relative_to: Path) -> dict[str, str]:
    """`relative/path -> sha256` (POSIX separators, so a certificate reads the same anywhere)."""
    found = {}
    for path in files:
        try:
            name = path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            name = path.resolve().as_posix()
        found[name] = file_digest(path)
    return dict(sorted(found.items()))


def combined(digests: dict[str, str]) -> str:
    """One digest over names and contents: changes when any file is added, removed or edited."""
    digest = hashlib.sha256()
    for name, value in sorted(digests.items()):
        digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()
