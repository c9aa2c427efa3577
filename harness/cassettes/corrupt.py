"""A cassette file that cannot be read: which file, which line, and how to get a good one back.

A hand edit, a bad merge or a truncated checkout leaves YAML that does not parse, or a
stored body that is missing or no longer matches its digest. PyYAML's own error names
`<unicode string>` and vcrpy would treat an unreadable cassette as empty, so the
persister raises `CorruptCassette` instead and every reader (the side worker, the plugin,
`aml-parity cassettes check|prune`) turns it into the same one-paragraph message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml


class CorruptCassette(Exception):
    """`path` (a cassette, or a body file it points to) cannot be read; `line` is 1-based."""

    def __init__(self, path: Path, problem: str, line: int | None = None,
                 cassette: Path | None = None) -> None:
        super().__init__(f"{path}{f' line {line}' if line else ''}: {problem}")
        self.path = path
        self.problem = problem
        self.line = line
        #: the cassette YAML that refers to `path` when `path` is a stored body
        self.cassette = cassette

    @classmethod
    def from_yaml_error(cls, path: Path, error: yaml.YAMLError) -> CorruptCassette:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        parts = [getattr(error, "context", None), getattr(error, "problem", None)]
        problem = ": ".join(str(p) for p in parts if p) or type(error).__name__
        return cls(path, f"is not valid YAML ({problem})", line)

    def explain(self, scenario_arg: str, shown: Callable[[Path], str] = str) -> str:
        """What is wrong where, then how to get a good file back (restore it or re-record).

        `shown` writes a path as the user would type it (relative to where they are).
        """
        where = f"{shown(self.path)} line {self.line}" if self.line else shown(self.path)
        of = f" (a body stored for {shown(self.cassette)})" if self.cassette else ""
        return (f"{where}{of} {self.problem}: restore it from git "
                f"(`git checkout -- {shown(self.path)}`) or re-record with "
                f"`pytest {scenario_arg} --record-mode=all`.")
