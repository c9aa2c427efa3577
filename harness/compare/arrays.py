"""NumPy outputs (.npy, .npz) compared element-wise within tolerance, without Python loops.

Arrays here are model outputs of millions of values, so the comparison is
blocked and vectorised (see `numeric.compare_flat`) and reports one summary per
array: how many elements are beyond tolerance and where the worst one is.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from harness.compare.base import FileComparator, FileRule
from harness.compare.numeric import compare_flat, fmt, index_text, summarise_delta
from harness.compare.verdict import Difference


def load_arrays(local: str) -> dict[str, npt.NDArray[Any]]:
    """The arrays in a .npy (one, named "") or .npz file; pickled objects are refused."""
    if local.lower().endswith(".npz"):
        with np.load(local, allow_pickle=False) as bundle:
            return {name: bundle[name] for name in bundle.files}
    return {"": np.load(local, allow_pickle=False)}


class ArrayComparator(FileComparator):
    """Shape, then values: numbers within tolerance, anything else exactly."""

    kind = "array"

    def read(self, local: str) -> dict[str, npt.NDArray[Any]]:
        return load_arrays(local)

    def compare_read(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        found: list[Difference] = []
        for name in sorted(left.keys() | right.keys()):
            where = f"{path}:{name}" if name else path
            if name not in right:
                found.append(self.difference(where, _shape(left[name]), None, rule,
                                             note="array only in v1"))
            elif name not in left:
                found.append(self.difference(where, None, _shape(right[name]), rule,
                                             note="array only in v2"))
            else:
                found.extend(self.compare_arrays(where, left[name], right[name], rule))
        return found

    def compare_arrays(self, path: str, a: npt.NDArray[Any], b: npt.NDArray[Any],
                       rule: FileRule) -> list[Difference]:
        if a.shape != b.shape:
            return [self.difference(path, _shape(a), _shape(b), rule, note="shapes differ")]
        if not (_numeric(a) and _numeric(b)):
            same = np.asarray(a == b)
            if same.all():
                return []
            i = int(np.flatnonzero(~same.ravel())[0])
            return [self.difference(f"{path}{index_text(i, a.shape)}", fmt(a.ravel()[i]),
                                    fmt(b.ravel()[i]), rule,
                                    note=f"{int((~same).sum())} of {a.size} element(s) differ "
                                         "(non-numeric: compared exactly)")]
        report = compare_flat(_flat(a), _flat(b), rule.tolerance)
        if report.ok:
            return []
        i = report.worst_index
        return [self.difference(f"{path}{index_text(i, a.shape)}", float(a.ravel()[i]),
                                float(b.ravel()[i]), rule,
                                note=summarise_delta(report, a.shape))]


def _numeric(a: npt.NDArray[Any]) -> bool:
    return a.dtype.kind in "iuf"


def _flat(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A 1-D view when possible; integer arrays are converted block by block by the ufuncs."""
    return a.reshape(-1)


def _shape(a: npt.NDArray[Any]) -> str:
    return f"shape {a.shape}, {a.dtype}"
