"""Read a file a scenario depends on as UTF-8 text, or say in the user's terms why not.

Scenario files and callable files come from users (and from fuzzers): a binary file, a
symlink that points at itself or a name the file system refuses must become a
`ScenarioError` naming the file and the fix, never an `OSError` or `UnicodeDecodeError`.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import ScenarioError

_OS_REASONS = {
    errno.ENOENT: ("not found",
                   "create it, or correct the path (relative to the scenario folder)."),
    errno.ELOOP: ("is a symbolic link loop (it leads back to itself)",
                  "replace the link with the file, or point it at a real file."),
    errno.ENAMETOOLONG: ("has a name too long for the file system",
                         "shorten the file or folder names on its path."),
    errno.EISDIR: ("is a folder, not a file", "name a file."),
    errno.EACCES: ("cannot be read: permission denied", "make the file readable (chmod +r)."),
}


def read_text(file: Path, scenario_file: Path, what: str, field: str = "",
              line: int | None = None) -> str:
    """`file`'s text; a `ScenarioError` about `scenario_file` (at `field`, `line`) otherwise.

    `what` names the file for the user, e.g. "scenario file" or "callable file 'v1.py'".
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        problem, fix = _OS_REASONS.get(exc.errno or 0, (
            f"cannot be read ({exc.strerror or type(exc).__name__})", "make it a readable file."))
        raise ScenarioError(scenario_file, f"{what} {problem}", fix, field, line) from None
    except ValueError:  # an embedded NUL byte in the path
        raise ScenarioError(scenario_file, f"{what} has an invalid path (a NUL character)",
                            "correct the path.", field, line) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            scenario_file,
            f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save it as UTF-8 text; a binary file cannot be read here.",
            field,
            line,
        ) from None
