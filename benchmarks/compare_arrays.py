"""How fast the array comparator is on a realistic output, against numpy.allclose and deepdiff.

Two outputs of 10 million float64 values are saved as .npy files in a temporary
folder, as the harness sees them after downloading both runs. Each contender
is timed in the same process on the same files, best of N:

* ours:      ArrayComparator.compare (loads both files, blocked comparison, summary);
* numpy:     np.load both files + numpy.allclose, the floor a user would write by hand;
* kernels:   the same two without file loading, to show where the time goes;
* deepdiff:  DeepDiff on a 20,000-value slice, extrapolated linearly to 10 million
             (running it on all 10 million would take minutes); a foil, not a contender.

Target: ours <= 2x numpy. Run: .venv/bin/python benchmarks/compare_arrays.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from deepdiff import DeepDiff

from harness.compare.arrays import ArrayComparator
from harness.compare.base import FileRule
from harness.compare.numeric import Tolerance, compare_flat
from harness.evidence import FileRef

SIZE = 10_000_000
SLICE = 20_000
REPEAT = 5
TARGET = 2.0
TOL = Tolerance(abs=1e-8, rel=1e-6)


def best_of(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    rng = np.random.default_rng(2024)
    v1 = rng.normal(0.0, 1.0, SIZE)
    v2 = v1 * (1 + rng.uniform(-1e-7, 1e-7, SIZE))
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp, "v1.npy"), Path(tmp, "v2.npy")
        np.save(a, v1)
        np.save(b, v2)
        ref1 = FileRef("v1", a.stat().st_size, str(a))
        ref2 = FileRef("v2", b.stat().st_size, str(b))
        rule = FileRule(kind="array", tolerance=TOL)
        ours = ArrayComparator()
        assert ours.compare("out.npy", ref1, ref2, rule) == []
        assert np.allclose(np.load(a), np.load(b), rtol=TOL.rel, atol=TOL.abs)

        t_ours = best_of(lambda: ours.compare("out.npy", ref1, ref2, rule))
        t_numpy = best_of(lambda: np.allclose(np.load(a), np.load(b),
                                              rtol=TOL.rel, atol=TOL.abs))
    t_kernel = best_of(lambda: compare_flat(v1, v2, TOL))
    t_allclose = best_of(lambda: np.allclose(v1, v2, rtol=TOL.rel, atol=TOL.abs))
    left, right = v1[:SLICE].tolist(), v2[:SLICE].tolist()
    t_slice = best_of(lambda: DeepDiff(left, right, math_epsilon=TOL.abs), repeat=2)
    t_deepdiff = t_slice * SIZE / SLICE

    print(f"{SIZE:,} float64 values per side, tolerance abs {TOL.abs:g} rel {TOL.rel:g}, "
          f"best of {REPEAT}")
    print(f"  ours   (load .npy x2 + compare)      {t_ours * 1e3:9.1f} ms")
    print(f"  numpy  (load .npy x2 + allclose)     {t_numpy * 1e3:9.1f} ms   "
          f"ours/numpy = {t_ours / t_numpy:.2f}x (target <= {TARGET:g}x)")
    print(f"  kernel only: compare_flat            {t_kernel * 1e3:9.1f} ms")
    print(f"  kernel only: numpy.allclose          {t_allclose * 1e3:9.1f} ms   "
          f"ratio = {t_kernel / t_allclose:.2f}x")
    print(f"  deepdiff, EXTRAPOLATED from {SLICE:,} values "
          f"({t_slice * 1e3:.0f} ms): {t_deepdiff:9.1f} s   "
          f"= {t_deepdiff / t_ours:,.0f}x ours")
    ok = t_ours <= TARGET * t_numpy
    print("PASS" if ok else "FAIL", f"ours <= {TARGET:g}x numpy.allclose")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
