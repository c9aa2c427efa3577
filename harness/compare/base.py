"""The small base every file comparator shares: its rule, its signature, its Difference shape.

One comparator per kind of file (syrupy's serializer-per-kind idea): each gets
the two downloaded copies and the scenario's rule and returns `Difference`s,
never raising on a mismatch. A file that cannot be read is a difference too,
with a note saying why, so one broken output never hides the others.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from harness.compare.numeric import EXACT, Tolerance, describe
from harness.compare.verdict import Difference
from harness.evidence import FileRef

OUTPUTS = "outputs"


@dataclass(frozen=True)
class FileRule:
    """One `compare.outputs.files` entry, with the scenario folder to resolve `probe` against."""

    kind: str = "auto"
    tolerance: Tolerance = EXACT
    key: tuple[str, ...] = ()
    columns: Mapping[str, Tolerance] = field(default_factory=dict)
    pixel: float = 0.0
    probe: str | None = None
    folder: Path | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, folder: Path | None = None) -> FileRule:
        data = data or {}
        return cls(
            kind=data.get("kind", "auto"),
            tolerance=Tolerance.from_dict(data.get("tolerance")),
            key=tuple(data.get("key", ())),
            columns={c: Tolerance.from_dict(t) for c, t in (data.get("columns") or {}).items()},
            pixel=float(data.get("pixel", 0.0)),
            probe=data.get("probe"),
            folder=folder,
        )

    def probe_path(self) -> Path | None:
        if self.probe is None:
            return None
        probe = Path(self.probe)
        return probe if probe.is_absolute() or self.folder is None else self.folder / probe


class CannotRead(Exception):
    """A copy could not be read as the comparator's kind: `difference` says which and why."""

    def __init__(self, difference: Difference) -> None:
        super().__init__(difference.note)
        self.difference = difference


class FileComparator(abc.ABC):
    """Compares the v1 and v2 copies of one output file of a given kind.

    Most comparators only say how to `read` one copy and how to `compare_read` two read
    copies; a copy that cannot be read becomes a difference saying why.
    """

    kind: ClassVar[str]
    #: What reading a copy may raise.
    read_errors: ClassVar[tuple[type[Exception], ...]] = (OSError, ValueError)

    def compare(self, path: str, v1: FileRef, v2: FileRef, rule: FileRule) -> list[Difference]:
        """Differences between the two copies; `path` is how reports name the file."""
        try:
            left, right = self.read_both(path, v1, v2, rule, self.read)
        except CannotRead as unreadable:
            return [unreadable.difference]
        return self.compare_read(path, left, right, rule)

    def read(self, local: str) -> Any:
        """One copy, read as this comparator's kind."""
        raise NotImplementedError(f"{type(self).__name__} compares files itself")

    def compare_read(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        """Differences between two read copies."""
        raise NotImplementedError(f"{type(self).__name__} compares files itself")

    def read_both(self, path: str, v1: FileRef, v2: FileRef, rule: FileRule,
                  read: Any) -> tuple[Any, Any]:
        """Both copies through `read`; CannotRead naming the first that fails."""
        copies = []
        for side, ref in (("v1", v1), ("v2", v2)):
            try:
                copies.append(read(ref.local))
            except self.read_errors as error:
                raise CannotRead(self.unreadable(path, side, error, rule)) from error
        return copies[0], copies[1]

    def difference(self, path: str, v1: Any, v2: Any, rule: FileRule, note: str = "",
                   *, tolerance: Tolerance | None = None, severity: str = "error") -> Difference:
        tol = rule.tolerance if tolerance is None else tolerance
        return Difference(OUTPUTS, path, v1, v2, tolerance=f"{self.kind}: {describe(tol)}",
                          note=note, severity=severity)

    def unreadable(self, path: str, side: str, error: Exception, rule: FileRule) -> Difference:
        return self.difference(path, "<unreadable>" if side == "v1" else "",
                               "<unreadable>" if side == "v2" else "", rule,
                               note=f"cannot read the {side} copy as {self.kind}: "
                                    f"{type(error).__name__}: {error}")
