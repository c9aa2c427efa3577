"""Noise calibration: learn how much v1 disagrees with itself, and forgive v2 that much.

Diffy's idea: run the reference (v1) N times; whatever differs between those
runs is noise (random seeds, thread scheduling, float summation order), so a
v1/v2 difference no larger than it is not evidence of a bad migration.

What is learned, per field, is the run-to-run standard deviation `s` (ddof=1),
the largest over the field's cells:

* per metric (flattened name): over steps;
* per table column (`file::column`) and per array (`file`, `file:member`): over
  cells, rows aligned by the rule's `key` if any;
* per file: how many distinct digests the v1 runs produced.

A numeric difference is marked `noise=True` when it lies within
`declared abs + t * s * sqrt(2)`: the prediction interval for the difference of
two independent runs, with Student's t for N-1 degrees of freedom at the
scenario's `noise.confidence` (0.999 by default). A range-based rule (forgive
what the N runs spanned) was measured to call 14-29% of same-distribution
reruns drift with 3-5 runs; this interval calls about 0.1% drift by design,
and still reports real drift, which is many standard deviations wide. A
non-numeric difference (an image, a JSON leaf) on a file whose digest already
changed between v1 runs is marked as noise too: v1 cannot reproduce it either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from harness.compare.arrays import load_arrays
from harness.compare.files import OutputRules, kind_for
from harness.compare.numeric import describe, is_number, parse_tolerance, to_float_array, within
from harness.compare.tables import read_table
from harness.compare.verdict import Difference
from harness.evidence import SideEvidence
from harness.evidence.collect import flatten

DEFAULT_CONFIDENCE = 0.999

_METRIC = re.compile(r"^(?P<name>.+?)(?: -> .+?)?(?:\[step=-?\d+\])?$")
_CELL = re.compile(r"^(?P<file>.+?)(?: -> [^\[]+)?\[[^\]]*\]\.(?P<col>.+)$")
_ELEMENT = re.compile(r"^(?P<file>.+?)(?: -> [^\[:]+)?(?::(?P<member>[^\[]+))?\[[\d, ]+\]$")


@dataclass
class LearnedNoise:
    """Run-to-run spread of the v1 side, per field."""

    runs: int
    fields: dict[str, float] = field(default_factory=dict)
    unstable_files: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "fields": self.fields, "unstable_files": self.unstable_files}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnedNoise:
        return cls(int(data["runs"]), dict(data.get("fields", {})),
                   dict(data.get("unstable_files", {})))


def learn_noise(runs: Sequence[SideEvidence], outputs: OutputRules | None = None
                ) -> LearnedNoise:
    """Learn the spread of N >= 2 v1 runs of one scenario."""
    if len(runs) < 2:
        raise ValueError("noise calibration needs at least two v1 runs")
    outputs = outputs or OutputRules()
    learned = LearnedNoise(len(runs))
    learned.fields.update(_metric_spreads(runs))
    for path in sorted(set.intersection(*(set(r.files) for r in runs))):
        digests = {r.files[path].sha256 for r in runs}
        if len(digests) == 1:
            continue
        learned.unstable_files[path] = len(digests)
        locals_ = [r.files[path].local for r in runs]
        kind = kind_for(path, outputs.rule_for(path))
        try:
            if kind == "table":
                learned.fields.update(_table_spreads(path, locals_, outputs.rule_for(path).key))
            elif kind == "array":
                learned.fields.update(_array_spreads(path, locals_))
        except (OSError, ValueError, KeyError):
            continue
    return learned


def apply_noise(differences: Iterable[Difference], learned: LearnedNoise,
                confidence: float = DEFAULT_CONFIDENCE) -> list[Difference]:
    """The same differences, those within v1's own run-to-run spread marked `noise=True`."""
    return [_judge(d, learned, interval_factor(learned.runs, confidence)) for d in differences]


def interval_factor(runs: int, confidence: float) -> float:
    """`t * sqrt(2)`: how many learned standard deviations two same-distribution runs may differ."""
    from scipy import stats

    return float(stats.t.ppf(1 - (1 - confidence) / 2, runs - 1) * np.sqrt(2))


def _judge(d: Difference, learned: LearnedNoise, factor: float) -> Difference:
    if d.noise or d.severity != "error":
        return d
    if _numeric(d.v1) and _numeric(d.v2):
        key = _field(d)
        declared = parse_tolerance(d.tolerance)
        if key in learned.fields and declared is not None:
            tol = declared.widen(factor * learned.fields[key])
            if bool(within(float(d.v1), float(d.v2), tol)):
                return replace(d, noise=True, note=_with(d.note, (
                    f"within v1 run-to-run noise: allowed {describe(tol)} "
                    f"({factor:.3g} x s={learned.fields[key]:.3g} from {learned.runs} v1 runs, "
                    "plus declared)")))
            return replace(d, note=_with(d.note, spread_note(learned.fields[key],
                                                             learned.runs)))
    path = _file_of(d)
    if path in learned.unstable_files and d.v1 is not None and d.v2 is not None:
        return replace(d, noise=True, note=_with(d.note, (
            f"v1 itself produced {learned.unstable_files[path]} different versions of "
            f"{path} over {learned.runs} runs")))
    return d


def spread_note(spread: float, runs: int) -> str:
    """What v1's own spread says about a difference beyond it; s=0 is said in words."""
    if spread == 0:
        return f"beyond v1 run-to-run noise: v1 gave the same values in all {runs} runs (s=0)"
    return f"beyond v1 run-to-run noise: s={spread:.3g} over {runs} v1 runs"


def noise_table(learned: LearnedNoise) -> str:
    """The learned spread of every field, for the report: s=0 reads as deterministic."""
    lines = [f"v1 run-to-run spread over {learned.runs} runs (s: standard deviation, ddof=1)",
             ""]
    width = max((len(name) for name in learned.fields), default=5)
    for name, spread in sorted(learned.fields.items()):
        verdict = "deterministic" if spread == 0 else f"s = {spread:.6g}"
        lines.append(f"{name.ljust(width)}  {verdict}")
    for path, versions in sorted(learned.unstable_files.items()):
        lines.append(f"{('outputs:' + path).ljust(width)}  {versions} different versions")
    if not learned.fields and not learned.unstable_files:
        lines.append("no numeric field or file to learn from")
    return "\n".join(lines) + "\n"


def _with(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


def _numeric(value: Any) -> bool:
    return value is not None and not isinstance(value, bool) and is_number(value)


def _field(d: Difference) -> str:
    """The learned-field key a difference's path points into."""
    if d.evidence == "metrics":
        match = _METRIC.match(d.path)
        return f"metrics:{match['name'] if match else d.path}"
    cell = _CELL.match(d.path)
    if cell:
        return f"outputs:{cell['file']}::{cell['col']}"
    element = _ELEMENT.match(d.path)
    if element:
        member = f":{element['member']}" if element["member"] else ""
        return f"outputs:{element['file']}{member}"
    return f"outputs:{d.path}"


def _file_of(d: Difference) -> str:
    """The v1 file a difference is about (metrics name theirs after the metric, `name:file`)."""
    path = d.path.split(":", 1)[1] if d.evidence == "metrics" and ":" in d.path else d.path
    path = path.split(" -> ", 1)[0]
    return re.split(r"[\[:]", path, maxsplit=1)[0]


def _metric_spreads(runs: Sequence[SideEvidence]) -> dict[str, float]:
    flat = [flatten(r.metrics) for r in runs]
    out: dict[str, float] = {}
    for name in sorted(set.intersection(*(set(f) for f in flat))):
        series = [f[name] for f in flat]
        if any(s.kind != "number" or not s.values for s in series):
            continue
        n = min(len(s.values) for s in series)
        stack = np.vstack([to_float_array(s.values[:n]) for s in series])
        out[f"metrics:{name}"] = _deviation(stack)
    return out


def _deviation(stack: npt.NDArray[np.float64]) -> float:
    """Largest standard deviation across runs (axis 0), ignoring cells undefined in some run."""
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.nanstd(stack, axis=0, ddof=1)
    finite = spread[np.isfinite(spread)]
    return float(finite.max()) if finite.size else 0.0


def _table_spreads(path: str, locals_: list[str], key: tuple[str, ...]) -> dict[str, float]:
    frames = [read_table(p) for p in locals_]
    if key:
        frames = [f.drop_duplicates(subset=list(key)).set_index(list(key)) for f in frames]
        common = frames[0].index
        for f in frames[1:]:
            common = common.intersection(f.index)
        frames = [f.loc[common] for f in frames]
    else:
        n = min(len(f) for f in frames)
        frames = [f.iloc[:n] for f in frames]
    out: dict[str, float] = {}
    for column in frames[0].columns:
        cols = [f[column] for f in frames if column in f.columns]
        if len(cols) == len(frames) and all(_numeric_column(c) for c in cols):
            stack = np.vstack([c.to_numpy(dtype=np.float64, na_value=np.nan) for c in cols])
            out[f"outputs:{path}::{column}"] = _deviation(stack)
    return out


def _numeric_column(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column)
                and not pd.api.types.is_bool_dtype(column))


def _array_spreads(path: str, locals_: list[str]) -> dict[str, float]:
    """Running sums over runs, so N runs of a large array cost two arrays of memory."""
    loaded = [load_arrays(p) for p in locals_]
    out: dict[str, float] = {}
    for member in sorted(set.intersection(*(set(a) for a in loaded))):
        arrays = [a[member] for a in loaded]
        if any(a.shape != arrays[0].shape or a.dtype.kind not in "iuf" for a in arrays):
            continue
        reference = arrays[0].astype(np.float64)  # shift by run 1 to keep sums small
        total = np.zeros_like(reference)
        squares = np.zeros_like(reference)
        for a in arrays[1:]:
            delta = a - reference
            total += delta
            squares += delta * delta
        n = len(arrays)
        variance = (squares - total * total / n) / (n - 1)
        deviation = np.sqrt(np.clip(variance, 0.0, None))
        suffix = f":{member}" if member else ""
        finite = deviation[np.isfinite(deviation)]
        out[f"outputs:{path}{suffix}"] = float(finite.max()) if finite.size else 0.0
    return out
