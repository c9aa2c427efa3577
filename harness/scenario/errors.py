"""The one error type users see for bad scenario input, written for users."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ScenarioError(Exception):
    """A problem in a scenario file: where it is, what is wrong, how to fix it.

    Rendered as one paragraph, `file:line: field 'x': problem. Fix: ...`, so a
    terminal or an editor can jump to the spot.
    """

    file: Path
    problem: str
    fix: str = ""
    field: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{_display(self.file)}:{self.line}" if self.line else _display(self.file)
        field = f" field '{self.field}':" if self.field else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        problem = self.problem.rstrip(".")
        return f"{where}:{field} {problem}.{fix}"

    def __reduce__(self):  # keep the error picklable for pytest-xdist
        return (ScenarioError, (self.file, self.problem, self.fix, self.field, self.line))


def _display(path: Path) -> str:
    # A symlink loop or an unreachable working folder must not make the error itself fail.
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)
