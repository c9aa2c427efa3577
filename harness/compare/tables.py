"""CSV and Parquet outputs compared as tables: rows aligned by key, cells within tolerance.

Row order is not behaviour (a v2 parallel job writes rows in the order its
workers finish), so rows are matched by the rule's `key` columns; duplicate keys
(a retried mini-batch) are reported and de-duplicated before comparing. The
result is a summary a reviewer can act on: rows and columns present on one side
only, and per column the cells beyond tolerance with the worst one named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from harness.compare.base import FileComparator, FileRule
from harness.compare.numeric import Tolerance, compare_flat, describe, fmt
from harness.compare.verdict import Difference

#: How many row keys a "rows only in v1/v2" note lists before counting the rest.
SHOWN_KEYS = 5


def read_table(local: str | Path) -> pd.DataFrame:
    """A CSV (any delimiter pandas sniffs for .tsv) or Parquet file as a DataFrame."""
    path = Path(local)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if suffix == ".tsv":
        return pd.read_csv(path, sep="\t")
    return pd.read_csv(path)


class TableComparator(FileComparator):
    """Keyed (or positional) cell-by-cell comparison of two tables."""

    kind = "table"

    read_errors = (OSError, ValueError, ImportError)

    def read(self, local: str) -> pd.DataFrame:
        return read_table(local)

    def compare_read(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        return self.compare_frames(path, left, right, rule)

    def compare_frames(self, path: str, left: pd.DataFrame, right: pd.DataFrame,
                       rule: FileRule) -> list[Difference]:
        found: list[Difference] = []
        only1 = [c for c in left.columns if c not in right.columns]
        only2 = [c for c in right.columns if c not in left.columns]
        if only1:
            found.append(self.difference(f"{path}.columns", only1, None, rule,
                                         note=f"{len(only1)} column(s) only in v1"))
        if only2:
            found.append(self.difference(f"{path}.columns", None, only2, rule,
                                         note=f"{len(only2)} column(s) only in v2"))
        if rule.key:
            missing = [k for k in rule.key if k not in left.columns or k not in right.columns]
            if missing:
                return [*found, self.difference(
                    f"{path}.key", list(rule.key), missing, rule,
                    note=f"key column(s) {missing} not in both tables; fix `key` in the rule")]
            left, right, keyed = self._align_keyed(path, left, right, rule, found)
        else:
            left, right, keyed = self._align_positional(path, left, right, rule, found)
        shared = [c for c in left.columns if c in right.columns and c not in rule.key]
        for column in shared:
            found.extend(self._column(path, column, left[column], right[column], keyed, rule))
        return found

    def _align_keyed(self, path: str, left: pd.DataFrame, right: pd.DataFrame,
                     rule: FileRule, found: list[Difference]
                     ) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
        key = list(rule.key)
        sides = []
        for side, frame in (("v1", left), ("v2", right)):
            dupes = frame.duplicated(subset=key, keep="first")
            count = int(dupes.sum())
            if count:
                found.append(self.difference(
                    f"{path}.key", count if side == "v1" else 0, count if side == "v2" else 0,
                    rule, severity="warning",
                    note=f"{count} duplicate key row(s) in {side}; "
                         "compared after keeping the first of each"))
            sides.append(frame.loc[~dupes].set_index(key))
        a, b = sides
        only1 = a.index.difference(b.index)
        only2 = b.index.difference(a.index)
        for label, rows in (("v1", only1), ("v2", only2)):
            if len(rows):
                shown = ", ".join(_key_text(a.index.names, r) for r in rows[:SHOWN_KEYS])
                more = f" and {len(rows) - SHOWN_KEYS} more" if len(rows) > SHOWN_KEYS else ""
                found.append(self.difference(
                    f"{path}.rows", len(rows) if label == "v1" else 0,
                    len(rows) if label == "v2" else 0, rule,
                    note=f"{len(rows)} row(s) only in {label}: {shown}{more}"))
        common = a.index.intersection(b.index).sort_values()
        return a.loc[common], b.loc[common], True

    def _align_positional(self, path: str, left: pd.DataFrame, right: pd.DataFrame,
                          rule: FileRule, found: list[Difference]
                          ) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
        if len(left) != len(right):
            found.append(self.difference(
                f"{path}.rows", len(left), len(right), rule,
                note="row counts differ; rows compared by position up to the shorter table "
                     "(declare `key` to match rows by value)"))
        n = min(len(left), len(right))
        return (left.iloc[:n].reset_index(drop=True), right.iloc[:n].reset_index(drop=True),
                False)

    def _column(self, path: str, column: str, a: pd.Series, b: pd.Series, keyed: bool,
                rule: FileRule) -> list[Difference]:
        tol = rule.columns.get(column, rule.tolerance)
        numeric = (pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b)
                   and not pd.api.types.is_bool_dtype(a) and not pd.api.types.is_bool_dtype(b))
        if numeric:
            x = a.to_numpy(dtype=np.float64, na_value=np.nan)
            y = b.to_numpy(dtype=np.float64, na_value=np.nan)
            report = compare_flat(x, y, tol)
            if report.ok:
                return []
            beyond, worst = report.beyond, report.worst_index
            what = f"worst |Δ| = {report.worst_delta:.3g}"
        else:
            same = (a.to_numpy() == b.to_numpy()) | (a.isna().to_numpy() & b.isna().to_numpy())
            bad = np.flatnonzero(~same)
            if bad.size == 0:
                return []
            beyond, worst = int(bad.size), int(bad[0])
            what = "compared as text"
            tol = Tolerance()
        row = _key_text(a.index.names, a.index[worst]) if keyed else str(worst)
        return [self.difference(
            f"{path}[{row}].{column}", fmt(_plain(a.iloc[worst])), fmt(_plain(b.iloc[worst])),
            rule, tolerance=tol,
            note=f"{beyond} of {len(a)} cell(s) in column {column!r} beyond "
                 f"{describe(tol)}; {what} at row {row}")]


def _key_text(names: Any, value: Any) -> str:
    values = value if isinstance(value, tuple) else (value,)
    return ",".join(f"{n}={_plain(v)}" for n, v in zip(names, values, strict=True))


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
