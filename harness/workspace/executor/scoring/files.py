"""Copy model and code files into a deployment's folder, as the Azure containers see them."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path


def copy_item(source: Path, target: Path) -> None:
    """Copy a file or a folder (following links) to ``target``, replacing it."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, symlinks=False)
    else:
        shutil.copy2(source, target)


def extract_tar(archive: Path, target: Path) -> None:
    """Unpack a tar(.gz) below ``target``, refusing members that would leave it."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")


def reset_folder(folder: Path) -> Path:
    """An empty ``folder`` (removing what a previous launch left)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder
