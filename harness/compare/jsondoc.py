"""JSON outputs compared as data: structure by deepdiff, numbers within the rule's tolerance.

A `log_dict` written by MLflow and a `json.dump` written by a v1 script differ in
key order, indentation and `1` vs `1.0`; none of that is drift, so text or
digest comparison would be wrong here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from deepdiff import DeepDiff
from deepdiff.helper import NotPresent

from harness.compare.base import FileComparator, FileRule
from harness.compare.numeric import fmt, is_number, within
from harness.compare.verdict import Difference

#: Beyond this many leaf differences in one file, the rest are counted, not listed.
MAX_REPORTED = 20


class JsonComparator(FileComparator):
    """Leaf-by-leaf comparison of two JSON documents."""

    kind = "json"

    def read(self, local: str) -> Any:
        return json.loads(Path(local).read_text(encoding="utf-8"))

    def compare_read(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        return self.compare_data(path, left, right, rule)

    def compare_data(self, path: str, left: Any, right: Any, rule: FileRule) -> list[Difference]:
        """Compare two already-parsed documents (also used for `log_dict` metrics)."""
        tree = DeepDiff(left, right, view="tree", ignore_numeric_type_changes=True)
        found: list[Difference] = []
        for change, report in tree.items():
            for level in report:
                a = None if isinstance(level.t1, NotPresent) else level.t1
                b = None if isinstance(level.t2, NotPresent) else level.t2
                if a is not None and b is not None and _numbers(a, b) \
                        and bool(within(a, b, rule.tolerance)):
                    continue
                where = _format(level.path(output_format="list"))
                found.append(self.difference(f"{path}:{where}" if where else path,
                                             fmt(a), fmt(b), rule, note=_note(change)))
        found.sort(key=lambda d: d.path)
        if len(found) > MAX_REPORTED:
            extra = len(found) - MAX_REPORTED
            last = found[MAX_REPORTED - 1]
            found = [*found[:MAX_REPORTED - 1],
                     self.difference(last.path, last.v1, last.v2, rule,
                                     note=f"{last.note}; and {extra} more difference(s)")]
        return found


def _numbers(a: Any, b: Any) -> bool:
    """Both plain numbers: bools are JSON `true`/`false`, compared exactly."""
    return (is_number(a) and is_number(b)
            and not isinstance(a, bool) and not isinstance(b, bool))


def _note(change: str) -> str:
    return {
        "dictionary_item_added": "key only in v2",
        "dictionary_item_removed": "key only in v1",
        "iterable_item_added": "item only in v2",
        "iterable_item_removed": "item only in v1",
        "type_changes": "type differs",
        "values_changed": "value differs",
    }.get(change, change.replace("_", " "))


def _format(keys: list[Any]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
