"""Output files: pair v1's files with v2's, pick a comparator per file, gather the differences.

Pairing applies `ignore` and `rename` (v1 path -> v2 path, or a folder prefix);
the rule for a file is the most specific `files` pattern matching it, where a
pattern may omit the leading `outputs/` (`predictions.csv` matches
`outputs/predictions.csv`). Identical digests short-circuit every kind. Files
that are the content of a metric (`log_image`, `log_dict`, ...) are compared by
the metrics comparator and skipped here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from harness.compare import globs
from harness.compare.arrays import ArrayComparator
from harness.compare.base import OUTPUTS, FileComparator, FileRule
from harness.compare.images import ImageComparator
from harness.compare.jsondoc import JsonComparator
from harness.compare.models import MLMODEL, ModelComparator
from harness.compare.tables import TableComparator
from harness.compare.text import ExactComparator, TextComparator
from harness.compare.verdict import Difference
from harness.evidence import FileRef, SideEvidence

COMPARATORS: dict[str, FileComparator] = {
    c.kind: c for c in (ExactComparator(), TextComparator(), JsonComparator(),
                        TableComparator(), ArrayComparator(), ImageComparator(),
                        ModelComparator())
}

EXTENSIONS = {
    ".csv": "table", ".tsv": "table", ".parquet": "table", ".pq": "table",
    ".json": "json",
    ".npy": "array", ".npz": "array",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".bmp": "image", ".gif": "image",
    ".txt": "text", ".log": "text", ".md": "text", ".yaml": "text", ".yml": "text",
    ".py": "text", ".html": "text", ".xml": "text",
}
MODEL_EXTENSIONS = (".pkl", ".pickle", ".joblib")
OUTPUTS_PREFIX = "outputs/"


@dataclass(frozen=True)
class OutputRules:
    """The `compare.outputs` block, ready to use."""

    files: Mapping[str, FileRule] = field(default_factory=dict)
    rename: Mapping[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, block: Mapping[str, Any] | None, folder: Path | None = None
                  ) -> OutputRules:
        block = block or {}
        return cls(
            files={p: FileRule.from_dict(r, folder) for p, r in (block.get("files") or {}).items()},
            rename=dict(block.get("rename") or {}),
            ignore=tuple(block.get("ignore") or ()),
        )

    def rule_for(self, *paths: str) -> FileRule:
        names = [n for p in paths for n in _aliases(p)]
        return globs.most_specific(names, self.files) or FileRule()

    def ignored(self, *paths: str) -> bool:
        return globs.matches_any([n for p in paths for n in _aliases(p)], self.ignore)


def _aliases(path: str) -> list[str]:
    """A path and, for files under `outputs/`, the path without it.

    An `MLmodel` file is also known by its folder, so `model: {kind: model}` names
    the MLflow model saved in `outputs/model/`.
    """
    names = [path]
    if PurePosixPath(path).name == MLMODEL:
        names.append(str(PurePosixPath(path).parent))
    return names + [n[len(OUTPUTS_PREFIX):] for n in names if n.startswith(OUTPUTS_PREFIX)]


def kind_for(path: str, rule: FileRule) -> str:
    """The comparator kind for a file: the rule's, or guessed from the extension for `auto`."""
    if rule.kind != "auto":
        return rule.kind
    name = PurePosixPath(path).name
    suffix = PurePosixPath(path).suffix.lower()
    if rule.probe and (name == MLMODEL or suffix in MODEL_EXTENSIONS):
        return "model"
    return EXTENSIONS.get(suffix, "exact")


def compare_file(path: str, v1: FileRef, v2: FileRef, rule: FileRule,
                 v2_path: str | None = None) -> list[Difference]:
    """Compare one pair of files under one rule; `path` names the v1 file in reports."""
    if v1.sha256 and v1.sha256 == v2.sha256:
        return []
    shown = path if v2_path in (None, path) else f"{path} -> {v2_path}"
    return COMPARATORS[kind_for(path, rule)].compare(shown, v1, v2, rule)


def compare_outputs(v1: SideEvidence, v2: SideEvidence,
                    rules: OutputRules | Mapping[str, Any] | None = None) -> list[Difference]:
    """Every output-file difference between two runs."""
    if not isinstance(rules, OutputRules):
        rules = OutputRules.from_dict(rules)
    left = _candidates(v1, rules)
    right = _candidates(v2, rules)
    model_dirs = _model_folders(left, rules) | _model_folders(right, rules)
    found: list[Difference] = []
    paired: set[str] = set()
    for path in sorted(left):
        if _inside(path, model_dirs):
            continue
        target = globs.renamed(path, rules.rename)
        rule = rules.rule_for(path, target)
        if target not in right:
            found.append(Difference(OUTPUTS, path, f"{left[path].size} B", None,
                                    note=_missing_note("v1", path, target)))
            continue
        paired.add(target)
        found.extend(compare_file(path, left[path], right[target], rule, target))
    for path in sorted(set(right) - paired):
        if not _inside(path, model_dirs):
            found.append(Difference(OUTPUTS, path, None, f"{right[path].size} B",
                                    severity="warning",
                                    note="file only in v2 (new in v2; if it is a v1 file "
                                         "under a new path, add compare.outputs.rename)"))
    return found


def _candidates(side: SideEvidence, rules: OutputRules) -> dict[str, FileRef]:
    skip = side.metric_files()
    return {p: ref for p, ref in side.files.items()
            if p not in skip and not rules.ignored(p, globs.renamed(p, rules.rename))}


def _model_folders(files: Iterable[str], rules: OutputRules) -> set[str]:
    """Folders of MLflow models compared as one model: their other files are not outputs."""
    return {str(PurePosixPath(p).parent) for p in files
            if PurePosixPath(p).name == MLMODEL and kind_for(p, rules.rule_for(p)) == "model"}


def _inside(path: str, folders: set[str]) -> bool:
    parent = PurePosixPath(path).parent
    return PurePosixPath(path).name != MLMODEL and any(
        str(parent) == f or str(parent).startswith(f + "/") for f in folders)


def _missing_note(side: str, path: str, target: str) -> str:
    renamed = f" (looked for {target} in v2)" if target != path else ""
    return (f"file only in {side}{renamed}; if v2 writes it elsewhere, add "
            "compare.outputs.rename, or ignore it")


def as_metric_difference(difference: Difference, name: str) -> Difference:
    """A file difference re-labelled as the metric whose content the file is."""
    return replace(difference, evidence="metrics", path=f"{name}:{difference.path}")
