"""Reduce v1 `Run.get_metrics()` and v2 MLflow metric histories to one comparable shape.

The two SDKs record the same training differently; these rules (the "Metrics"
table of the project's v1 -> v2 semantics notes) make a faithful migration
compare equal:

* `run.log(name, bool)` -> 0/1, as MLflow stores it;
* repeated `run.log` / `run.log_list` -> a history at steps 0..n-1 (the v1 API
  returns a bare list and drops steps), MLflow histories keep their own steps;
* `run.log_table` / `run.log_row` -> a table, flattened to `name.col` series so it
  matches `mlflow.log_metric("name.col", v, step=i)`; a `log_dict` JSON artifact
  holding `{col: [..]}` becomes the same table;
* a string metric -> `string`, matching a `log_text` artifact `name.txt`;
* `log_image` (`aml://artifactId/...png`) -> `image`, matching a `log_figure`
  artifact `name.png`; the pixels are compared by the image comparator;
* system tags (`mlflow.*`, `azureml.*`, `_aml_system_*`) are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from harness.compare import globs
from harness.compare.numeric import is_number

from .side import FileRef, MetricSeries, SideEvidence

SYSTEM_TAGS = ("mlflow.*", "azureml.*", "_aml_system_*")
ARTIFACT_PREFIX = "aml://artifactId/"
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
#: Artifact folders that hold outputs and logs, not metric content.
NOT_METRIC_PREFIXES = ("outputs/", "named-outputs/", "logs/", "user_logs/", "system_logs/",
                       "azureml-logs/")
#: The Run History origin v1 artifact URIs start with: aml://artifactId/ExperimentRun/dcid.<run>/...
V1_ORIGIN = "ExperimentRun"


# ---- v1 ---------------------------------------------------------------------------------

def v1_artifact_path(uri: str) -> str:
    """The run-relative path of a v1 artifact-backed metric (`aml://artifactId/...`).

    Current SDKs write `aml://artifactId/ExperimentRun/dcid.<run>/<path>`; the oldest
    image metrics wrote `aml://artifactId/<path>`; both name a file of the run.
    """
    rest = uri[len(ARTIFACT_PREFIX):]
    parts = rest.split("/")
    if len(parts) > 2 and parts[0] == V1_ORIGIN:
        return "/".join(parts[2:])
    return rest


def v1_series(value: Any) -> MetricSeries:
    """One value of `Run.get_metrics()` as a `MetricSeries`."""
    if isinstance(value, Mapping):
        return MetricSeries("table", columns={str(c): _column(v) for c, v in value.items()})
    if isinstance(value, str):
        if value.startswith(ARTIFACT_PREFIX):
            return _artifact_series([value])
        return MetricSeries("string", [value])
    if isinstance(value, (list, tuple)):
        items = list(value)
        if items and all(isinstance(v, str) and v.startswith(ARTIFACT_PREFIX) for v in items):
            return _artifact_series(items)
        if all(is_number(v) for v in items):
            return MetricSeries("number", [_number(v) for v in items])
        return MetricSeries("list", items)
    if is_number(value):
        return MetricSeries("number", [_number(value)])
    return MetricSeries("list", [repr(value)])


def v1_metrics(raw: Mapping[str, Any]) -> dict[str, MetricSeries]:
    """`Run.get_metrics()` (not recursive: pipeline steps are child runs, collected each)."""
    return {name: v1_series(value) for name, value in raw.items()}


def _artifact_series(uris: list[str]) -> MetricSeries:
    paths = [v1_artifact_path(u) for u in uris]
    image = all(PurePosixPath(p).suffix.lower() in IMAGE_EXTENSIONS for p in paths)
    return MetricSeries("image" if image else "file", paths)


def _number(value: Any) -> Any:
    """bool -> 0/1 (MLflow's encoding); None stays None (a missing cell)."""
    if isinstance(value, bool):
        return int(value)
    return value


def _column(value: Any) -> list[Any]:
    """A table column: `log_row` once gives a scalar cell, more rows give a list."""
    cells = list(value) if isinstance(value, (list, tuple)) else [value]
    return [_number(c) if is_number(c) else c for c in cells]


# ---- v2 ---------------------------------------------------------------------------------

def v2_series(history: Iterable[Any]) -> MetricSeries:
    """An MLflow metric history: `(step, value, timestamp_ms)` tuples or `mlflow.entities.Metric`s.

    Ordered by step, then by time, so a history logged out of order reads as v1's does.
    """
    points = [_point(p) for p in history]
    points.sort(key=lambda p: (p[0], p[2]))
    return MetricSeries("number", [_number(p[1]) for p in points], [int(p[0]) for p in points])


def _point(item: Any) -> tuple[int, Any, int]:
    if hasattr(item, "step") and hasattr(item, "value"):
        return int(item.step or 0), item.value, int(getattr(item, "timestamp", 0) or 0)
    step, value, *rest = item
    return int(step or 0), value, int(rest[0]) if rest else 0


def v2_metrics(history: Mapping[str, Iterable[Any]],
               artifacts: Iterable[str] | Mapping[str, FileRef] = (),
               files: Mapping[str, FileRef] | None = None) -> dict[str, MetricSeries]:
    """MLflow metric histories, plus the artifacts logged by `log_text`/`log_dict`/`log_figure`.

    `artifacts` are run-relative paths (or a path -> FileRef mapping); `files` gives
    downloaded copies so text and JSON artifacts can be read. Only artifacts that
    can be metric content count (see `metric_artifacts`). An artifact is named by
    its path without extension (`roc.png` -> `roc`), as v1 names the metric it replaces.
    """
    refs = {**(files or {}), **(artifacts if isinstance(artifacts, Mapping) else {})}
    out = {name: v2_series(points) for name, points in history.items()}
    for path in metric_artifacts(artifacts):
        name = str(PurePosixPath(path).with_suffix(""))
        if name not in out:
            out[name] = artifact_series(path, refs.get(path))
    return out


def metric_artifacts(paths: Iterable[str]) -> list[str]:
    """Artifacts that may be what `log_text`/`log_dict`/`log_figure` wrote.

    Output folders, logs and MLflow model folders (`log_model`) are run outputs,
    compared by the outputs comparator, never metrics.
    """
    paths = list(paths)
    models = {str(PurePosixPath(p).parent) for p in paths if PurePosixPath(p).name == "MLmodel"}
    return [p for p in paths if not p.startswith(NOT_METRIC_PREFIXES)
            and not any(p == m or p.startswith(m + "/") or m == "." for m in models)]


def artifact_series(path: str, ref: FileRef | None) -> MetricSeries:
    """A v2 metric artifact: text -> string, `{col: [..]}` JSON -> table, image -> image."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_EXTENSIONS:
        return MetricSeries("image", [path])
    if ref is None or not ref.local:
        return MetricSeries("file", [path])
    if suffix == ".txt":
        return MetricSeries("string", [Path(ref.local).read_text(encoding="utf-8")])
    if suffix == ".json":
        try:
            data = json.loads(Path(ref.local).read_text(encoding="utf-8"))
        except ValueError:
            return MetricSeries("file", [path])
        if _table_shaped(data):
            return v1_series(data)
    return MetricSeries("file", [path])


def _table_shaped(data: Any) -> bool:
    """`{col: [scalars], ...}` with equal lengths, or `{col: scalar}` (one row)."""
    if not isinstance(data, dict) or not data:
        return False
    columns = [v if isinstance(v, list) else [v] for v in data.values()]
    scalar = all(not isinstance(c, (dict, list)) for col in columns for c in col)
    return scalar and len({len(c) for c in columns}) == 1


# ---- both -------------------------------------------------------------------------------

def flatten(metrics: Mapping[str, MetricSeries]) -> dict[str, MetricSeries]:
    """Tables as `name.col` series (steps 0..n-1); a metric logged under that name wins."""
    out = {name: s for name, s in metrics.items() if s.kind != "table"}
    for name, series in metrics.items():
        if series.kind != "table":
            continue
        for column, cells in series.columns.items():
            numeric = all(is_number(c) for c in cells)
            out.setdefault(f"{name}.{column}", MetricSeries("number" if numeric else "list",
                                                             list(cells)))
    return out


def filter_tags(tags: Mapping[str, Any], ignore: Iterable[str] = SYSTEM_TAGS) -> dict[str, str]:
    """Tags a user set: system tags differ between SDKs by design and are dropped."""
    patterns = list(ignore)
    return {k: str(v) for k, v in tags.items() if not globs.matches(k, patterns)}


def v1_evidence(raw_metrics: Mapping[str, Any], *, tags: Mapping[str, Any] | None = None,
                files: Mapping[str, FileRef] | None = None, **fields: Any) -> SideEvidence:
    """A v1 side's evidence from `Run.get_metrics()`, `Run.get_tags()` and downloaded files."""
    return SideEvidence("v1", metrics=v1_metrics(raw_metrics), tags=filter_tags(tags or {}),
                        files=dict(files or {}), **fields)


def v2_evidence(history: Mapping[str, Iterable[Any]], *, params: Mapping[str, Any] | None = None,
                tags: Mapping[str, Any] | None = None,
                artifacts: Iterable[str] | Mapping[str, FileRef] = (),
                files: Mapping[str, FileRef] | None = None, **fields: Any) -> SideEvidence:
    """A v2 side's evidence from MLflow metric histories, params, tags and artifacts.

    Pass `artifacts` as a path -> FileRef mapping (every downloaded artifact) so
    metric artifacts can be read; those that are metrics join `files`, where the
    metrics comparator finds them and the outputs comparator skips them.
    """
    files = dict(files or {})
    metrics = v2_metrics(history, artifacts, files)
    if isinstance(artifacts, Mapping):
        for series in metrics.values():
            for path in series.values if series.kind in ("image", "file") else ():
                if path in artifacts:
                    files.setdefault(path, artifacts[path])
    return SideEvidence("v2", metrics=metrics,
                        params={k: str(v) for k, v in (params or {}).items()},
                        tags=filter_tags(tags or {}), files=files, **fields)
