"""Tolerance maths shared by every comparator, so `{abs, rel}` means one thing everywhere.

Two numbers agree when `|v1 - v2| <= abs + rel * |v1|` (NumPy's `isclose` rule
with v1 as the reference, because v1 is the behaviour being preserved). Equal
values always agree, including two infinities of the same sign, and two NaNs
agree because a metric that is undefined on both sides has not drifted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

#: Elements per block: big enough to amortise NumPy call overhead, small enough
#: that the temporaries of one block stay in the CPU cache.
CHUNK = 1 << 15


@dataclass(frozen=True)
class Tolerance:
    """An `{abs, rel}` allowance; both zero means exact."""

    abs: float = 0.0
    rel: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Tolerance | None) -> Tolerance:
        if isinstance(data, Tolerance):
            return data
        data = data or {}
        return cls(float(data.get("abs", 0.0)), float(data.get("rel", 0.0)))

    @property
    def exact(self) -> bool:
        return self.abs == 0.0 and self.rel == 0.0

    def widen(self, spread: float) -> Tolerance:
        """This tolerance plus an absolute allowance (used by noise calibration)."""
        return Tolerance(self.abs + spread, self.rel)

    def to_dict(self) -> dict[str, float]:
        return {"abs": self.abs, "rel": self.rel}


EXACT = Tolerance()


def describe(tol: Tolerance) -> str:
    """The tolerance as report text: `exact` or `abs 1e-06, rel 0`."""
    if tol.exact:
        return "exact"
    return f"abs {tol.abs:g}, rel {tol.rel:g}"


_DESCRIBED = re.compile(r"abs (?P<abs>[^,\s]+), rel (?P<rel>\S+)")


def parse_tolerance(text: str) -> Tolerance | None:
    """The tolerance a `describe` text (possibly prefixed, `table: abs 1e-06, rel 0`) names."""
    found = _DESCRIBED.search(text)
    if found:
        return Tolerance(float(found["abs"]), float(found["rel"]))
    return EXACT if text.endswith("exact") or not text else None


def within(a: npt.ArrayLike, b: npt.ArrayLike, tol: Tolerance) -> npt.NDArray[np.bool_]:
    """Element-wise agreement of v1 `a` and v2 `b` under `tol` (broadcasts like NumPy)."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        ok = np.abs(x - y) <= tol.abs + tol.rel * np.abs(x)
    bad = ~ok
    if bad.any():
        ok = ok | (x == y) | (np.isnan(x) & np.isnan(y))
    return np.asarray(ok)


@dataclass(frozen=True)
class ArrayReport:
    """What a whole-array comparison found: how many elements are beyond tolerance and the worst."""

    size: int
    beyond: int
    worst_index: int = -1
    worst_delta: float = 0.0

    @property
    def ok(self) -> bool:
        return self.beyond == 0


def compare_flat(a: npt.NDArray[Any], b: npt.NDArray[Any], tol: Tolerance) -> ArrayReport:
    """Compare two equally long 1-D float arrays block by block.

    Blocked so that a 10-million-element comparison never allocates full-size
    temporaries (that, not arithmetic, is what makes `numpy.allclose` slow); the
    worst element is only searched for in blocks that hold a failure.
    """
    n = a.shape[0]
    diff = np.empty(min(n, CHUNK), dtype=np.float64)
    bound = np.empty_like(diff)
    ok = np.empty(diff.shape, dtype=np.bool_)
    beyond = 0
    worst_index, worst_delta = -1, -1.0
    with np.errstate(invalid="ignore", over="ignore"):
        for start in range(0, n, CHUNK):
            x, y = a[start:start + CHUNK], b[start:start + CHUNK]
            m = x.shape[0]
            d, bd, k = diff[:m], bound[:m], ok[:m]
            np.subtract(x, y, out=d)
            np.abs(d, out=d)
            np.abs(x, out=bd)
            if tol.rel:
                np.multiply(bd, tol.rel, out=bd)
            else:
                bd.fill(0.0)
            if tol.abs:
                np.add(bd, tol.abs, out=bd)
            np.less_equal(d, bd, out=k)
            if k.all():
                continue
            failed = np.flatnonzero(~k)
            fx, fy = x[failed], y[failed]
            really = ~((fx == fy) | (np.isnan(fx) & np.isnan(fy)))
            failed = failed[really]
            if failed.size == 0:
                continue
            beyond += int(failed.size)
            deltas = np.where(np.isnan(d[failed]), np.inf, d[failed])
            i = int(np.argmax(deltas))
            if deltas[i] > worst_delta:
                worst_delta, worst_index = float(deltas[i]), start + int(failed[i])
    if beyond == 0:
        return ArrayReport(n, 0)
    return ArrayReport(n, beyond, worst_index, worst_delta)


def to_float_array(values: Any) -> npt.NDArray[np.float64]:
    """Numbers (bools, None as NaN) as a float64 array; raises ValueError when not numeric."""
    if isinstance(values, np.ndarray):
        return values.astype(np.float64, copy=False)
    cleaned = [np.nan if v is None else v for v in values]
    return np.asarray(cleaned, dtype=np.float64)


def is_number(value: Any) -> bool:
    """True for ints, floats, bools and NumPy numbers (None counts: it is a missing number)."""
    return value is None or (isinstance(value, (int, float, np.number, np.bool_))
                             and not isinstance(value, str))


def fmt(value: Any) -> str:
    """A short, stable rendering of one value for reports."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.10g}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def summarise_delta(report: ArrayReport, shape: tuple[int, ...] = ()) -> str:
    """`max |Δ| = 3.2e-04 at [1023]; 5 of 10000 beyond tolerance`: what a reader needs first."""
    return (f"max |Δ| = {report.worst_delta:.3g} at {index_text(report.worst_index, shape)}; "
            f"{report.beyond} of {report.size} beyond tolerance")


def index_text(flat: int, shape: tuple[int, ...] = ()) -> str:
    """A flat index as `[1023]`, or `[1, 2]` in an array of `shape`."""
    if len(shape) <= 1:
        return f"[{flat}]"
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]"
