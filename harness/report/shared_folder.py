"""Reading and writing a reports folder that several pytest sessions may share at once.

Two terminals, or two CI jobs on one runner, may run different scenarios into one
`reports/`. Each session merges its results into the files already there, so reading,
merging and writing must be one step: `locked` holds an `fcntl` lock on
`reports/.aml-parity.lock` for it. Each file is written under a temporary name and renamed
over the old one (`write_atomic`), so a reader never sees half a file, even an
unlocked reader such as `aml-parity certify`.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from ..file_lock import exclusive

LOCK_FILE = ".aml-parity.lock"


def locked(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Exclusive use of `folder`'s report files by this process until the block ends."""
    return exclusive(folder / LOCK_FILE)


def write_atomic(path: Path, text: str) -> None:
    """The whole new text, or (if this process dies meanwhile) the whole old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def read_json(path: Path) -> Any:
    """The parsed file, or None when it is absent or not JSON (then it is simply replaced)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
