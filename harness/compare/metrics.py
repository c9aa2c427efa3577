"""Metric parity: every v1 metric's whole history against its v2 counterpart, within tolerance.

Histories, not last values, are compared because MLflow's `run.data.metrics`
keeps only the latest value and a migration that drops epochs would otherwise
pass. A history's length and its steps are checked on their own, so "v2 logged
one epoch fewer" or "v2 counts epochs from 1" reads as what it is instead of as
a wall of value differences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

import numpy as np

from harness.compare import globs
from harness.compare.base import FileRule
from harness.compare.files import OutputRules, as_metric_difference, compare_file
from harness.compare.numeric import (
    EXACT,
    Tolerance,
    compare_flat,
    describe,
    fmt,
    to_float_array,
)
from harness.compare.verdict import Difference
from harness.evidence import MetricSeries, SideEvidence
from harness.evidence.collect import SYSTEM_TAGS, filter_tags, flatten

METRICS = "metrics"


@dataclass(frozen=True)
class MetricRules:
    """The `compare.metrics` block, ready to use."""

    tolerance: Tolerance = EXACT
    tolerances: Mapping[str, Tolerance] = field(default_factory=dict)
    rename: Mapping[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    last_only: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, block: Mapping[str, Any] | None) -> MetricRules:
        block = block or {}
        return cls(
            tolerance=Tolerance.from_dict(block.get("tolerance")),
            tolerances={p: Tolerance.from_dict(t)
                        for p, t in (block.get("tolerances") or {}).items()},
            rename=dict(block.get("rename") or {}),
            ignore=tuple(block.get("ignore") or ()),
            last_only=tuple(block.get("last_only") or ()),
        )

    def tolerance_for(self, *names: str) -> Tolerance:
        """The most specific `tolerances` entry matching the v1 or v2 name, else `tolerance`."""
        return globs.most_specific(names, self.tolerances) or self.tolerance


def compare_metrics(v1: SideEvidence, v2: SideEvidence,
                    rules: MetricRules | Mapping[str, Any] | None = None,
                    outputs: OutputRules | None = None) -> list[Difference]:
    """Every metric and user-tag difference between two runs.

    `outputs` supplies the rules for image/file metrics (e.g. `*.png: {pixel: 2}`).
    """
    if not isinstance(rules, MetricRules):
        rules = MetricRules.from_dict(rules)
    left, right = flatten(v1.metrics), flatten(v2.metrics)
    found: list[Difference] = []
    paired: set[str] = set()
    for name in sorted(left):
        target = globs.renamed(name, rules.rename)
        if globs.matches_any((name, target), rules.ignore):
            continue
        shown = name if target == name else f"{name} -> {target}"
        if target not in right:
            found.append(Difference(METRICS, shown, _summary(left[name]), None,
                                    note=_missing_note(name, target)))
            continue
        paired.add(target)
        found.extend(_pair(shown, (name, target), left[name], right[target], rules, v1, v2,
                           outputs or OutputRules()))
    for name in sorted(set(right) - paired):
        if not globs.matches(name, rules.ignore):
            found.append(Difference(METRICS, name, None, _summary(right[name]), severity="warning",
                                    note="metric only in v2 (new in v2; if it is a v1 metric "
                                         "under a new name, add compare.metrics.rename)"))
    found.extend(compare_tags(v1.tags, v2.tags))
    return fold_many_to_one(found)


def fold_many_to_one(found: list[Difference]) -> list[Difference]:
    """One row for v1 names renamed to one v2 name that disagree with it in the same way.

    `rename: {acc: accuracy, Accuracy: accuracy}` pairs each v1 name with v2's
    `accuracy`; when both carry the same series, each comparison finds the same
    difference, which is one finding: `acc, Accuracy -> accuracy`.
    """
    kept: list[Difference] = []
    where: dict[tuple[Any, ...], int] = {}
    for difference in found:
        source, arrow, target = difference.path.partition(" -> ")
        if not arrow:
            kept.append(difference)
            continue
        key = (target, repr(difference.v1), repr(difference.v2), difference.tolerance,
               difference.note, difference.severity)
        if key in where:
            earlier = kept[where[key]]
            sources = earlier.path.partition(" -> ")[0]
            kept[where[key]] = replace(
                earlier, path=f"{sources}, {source} -> {target}")
        else:
            where[key] = len(kept)
            kept.append(difference)
    return kept


def compare_tags(v1: Mapping[str, Any], v2: Mapping[str, Any]) -> list[Difference]:
    """User tags are carried over by a migration; differences are warnings, not drift."""
    left, right = filter_tags(v1, SYSTEM_TAGS), filter_tags(v2, SYSTEM_TAGS)
    return [Difference(METRICS, f"tags.{k}", left.get(k), right.get(k), severity="warning",
                       note="tag differs" if k in left and k in right
                       else f"tag only in {'v1' if k in left else 'v2'}")
            for k in sorted(left.keys() | right.keys()) if left.get(k) != right.get(k)]


def _pair(path: str, names: tuple[str, str], a: MetricSeries, b: MetricSeries,
          rules: MetricRules, v1: SideEvidence, v2: SideEvidence,
          outputs: OutputRules) -> list[Difference]:
    tol = rules.tolerance_for(*names)
    if a.kind != b.kind:
        return [Difference(METRICS, path, _summary(a), _summary(b), describe(tol),
                           note=f"v1 logs a {a.kind} metric, v2 a {b.kind} metric")]
    if a.kind in ("image", "file"):
        return _artifacts(path, a, b, v1, v2, outputs)
    last_only = globs.matches_any(names, rules.last_only)
    if a.kind == "number":
        return _numbers(path, a, b, tol, last_only)
    return _exact(path, a, b, last_only)


def _numbers(path: str, a: MetricSeries, b: MetricSeries, tol: Tolerance,
             last_only: bool) -> list[Difference]:
    x, y = to_float_array(a.values), to_float_array(b.values)
    sx, sy = np.asarray(a.steps, dtype=np.int64), np.asarray(b.steps, dtype=np.int64)
    found: list[Difference] = []
    if last_only:
        if x.size == 0 or y.size == 0:
            return [] if x.size == y.size else [Difference(
                METRICS, path, _summary(a), _summary(b), describe(tol), note="no values")]
        x, y, sx = x[-1:], y[-1:], sx[-1:]
    else:
        ix, iy = _align(path, sx, sy, tol, found)
        x, y, sx = x[ix], y[iy], sx[ix]
    report = compare_flat(np.ascontiguousarray(x), np.ascontiguousarray(y), tol)
    if report.ok:
        return found
    i = report.worst_index
    where = path if len(a.values) == 1 and len(b.values) == 1 else f"{path}[step={sx[i]}]"
    what = "last value (last_only)" if last_only else f"{report.beyond} of {x.size} step(s)"
    found.append(Difference(METRICS, where, float(x[i]), float(y[i]), describe(tol),
                            note=f"max |Δ| = {report.worst_delta:.3g} at step {sx[i]}; "
                                 f"{what} beyond tolerance"))
    return found


def _align(path: str, sx: np.ndarray, sy: np.ndarray, tol: Tolerance,
           found: list[Difference]) -> tuple[np.ndarray, np.ndarray]:
    """Which v1 and v2 points to compare; length/step differences go to `found`.

    Same steps: point by point. One history a subset of the other (a truncated
    run): at the steps both logged. Otherwise (v2 counts from 1, or logs every
    other epoch) the steps are misaligned: reported, then compared by position.
    """
    if sx.size != sy.size:
        found.append(Difference(METRICS, f"{path}.length", int(sx.size), int(sy.size),
                                describe(tol),
                                note=f"history lengths differ: v1 logged {sx.size} value(s), "
                                     f"v2 {sy.size}"))
    if sx.size == sy.size and np.array_equal(sx, sy):
        everything = np.arange(sx.size)
        return everything, everything
    unique = np.unique(sx).size == sx.size and np.unique(sy).size == sy.size
    if unique:
        common, ix, iy = np.intersect1d(sx, sy, assume_unique=True, return_indices=True)
        if common.size == min(sx.size, sy.size):
            return ix, iy
    n = min(sx.size, sy.size)
    mismatch = np.flatnonzero(sx[:n] != sy[:n])
    k = int(mismatch[0]) if mismatch.size else n
    found.append(Difference(METRICS, f"{path}.steps", _steps(sx, k), _steps(sy, k),
                            describe(tol),
                            note=f"steps misaligned from index {k}; values compared by position"))
    index = np.arange(n)
    return index, index


def _steps(steps: np.ndarray, k: int) -> str:
    if k >= steps.size:
        return f"ends at index {steps.size}"
    shown = ", ".join(str(int(s)) for s in steps[k:k + 3])
    return f"[{k}:] = {shown}{', ...' if steps.size > k + 3 else ''}"


def _exact(path: str, a: MetricSeries, b: MetricSeries, last_only: bool) -> list[Difference]:
    x, y = (a.values[-1:], b.values[-1:]) if last_only else (a.values, b.values)
    if x == y:
        return []
    if len(x) != len(y):
        return [Difference(METRICS, f"{path}.length", len(x), len(y), "exact",
                           note=f"v1 logged {len(x)} value(s), v2 {len(y)}")]
    i = next(i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q)
    where = path if len(x) == 1 else f"{path}[{i}]"
    return [Difference(METRICS, where, fmt(x[i]), fmt(y[i]), "exact",
                       note=f"{a.kind} values compared exactly")]


def _artifacts(path: str, a: MetricSeries, b: MetricSeries, v1: SideEvidence,
               v2: SideEvidence, outputs: OutputRules) -> list[Difference]:
    """Image/file metrics: the files they point at, compared by the file comparators."""
    if len(a.values) != len(b.values):
        return [Difference(METRICS, f"{path}.length", len(a.values), len(b.values),
                           note=f"v1 logged {len(a.values)} {a.kind}(s), v2 {len(b.values)}")]
    found: list[Difference] = []
    for p, q in zip(a.values, b.values, strict=True):
        ref1, ref2 = v1.files.get(p), v2.files.get(q)
        if ref1 is None or ref2 is None:
            found.append(Difference(METRICS, path, p, q,
                                    note="artifact not collected on "
                                         f"{'v1' if ref1 is None else 'v2'}: cannot compare"))
            continue
        rule = outputs.rule_for(p, q)
        if rule.kind == "auto" and a.kind == "file":
            json_like = q.endswith(".json") or not PurePosixPath(p).suffix
            rule = FileRule(kind="json" if json_like else "auto",
                            tolerance=rule.tolerance, folder=rule.folder)
        found.extend(as_metric_difference(d, path) for d in compare_file(p, ref1, ref2, rule, q))
    return found


def _summary(series: MetricSeries) -> str:
    if series.kind in ("image", "file"):
        return ", ".join(str(v) for v in series.values)
    if not series.values:
        return "no values"
    if len(series.values) == 1:
        return fmt(series.values[0])
    return f"{len(series.values)} values, last {fmt(series.values[-1])}"


def _missing_note(name: str, target: str) -> str:
    looked = f" (looked for {target!r})" if target != name else ""
    return (f"metric only in v1{looked}: v2 does not log it, or logs it under another name "
            "(compare.metrics.rename), or MLflow had not ingested it yet")
