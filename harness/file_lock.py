"""One exclusive lock between processes, on a lock file: for folders several processes share.

The local workspace folder (one server for every xdist worker) and the reports folder
(several pytest sessions merging their results) both need read-decide-write to be one
step; `fcntl.flock` gives that on POSIX, and is released if the holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold the lock on `lock_file` (created when missing) until the block ends."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
