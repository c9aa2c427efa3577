"""Make code folders and asset references comparable across SDKs.

v1 resolves `source_directory` against the working directory, v2 against the
YAML file's folder; both are reported relative to the scenario folder with
posix separators so that `./src`, `src` and `src/` are one value.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath


def relative_code(path: str | os.PathLike[str] | None, base_dir: str | os.PathLike[str],
                  *, anchor: str | os.PathLike[str] | None = None) -> str | None:
    """`path` relative to `base_dir` in posix form; `anchor` resolves relative paths.

    Remote references (`azureml:...`, URLs) are returned without their `azureml:`
    prefix and are not resolved.
    """
    if path is None:
        return None
    text = os.fspath(path)
    if "://" in text or text.startswith("azureml:"):
        return strip_azureml(text)
    base = os.path.abspath(os.fspath(base_dir))
    full = text if os.path.isabs(text) else os.path.join(os.fspath(anchor or base), text)
    rel = os.path.relpath(os.path.normpath(os.path.abspath(full)), base)
    return PurePosixPath(*rel.split(os.sep)).as_posix()


def strip_azureml(reference: str) -> str:
    """`azureml:name:1` -> `name:1`; `azureml://registries/...` is left whole."""
    if reference.startswith("azureml:") and not reference.startswith("azureml://"):
        return reference[len("azureml:"):]
    return reference


def asset_name(reference: str) -> str:
    """The asset name in `azureml:name:1`, `name@latest`, `azureml://.../models/name/versions/1`."""
    text = strip_azureml(reference)
    if "://" in text:
        parts = [p for p in text.split("/") if p]
        for kind in ("models", "environments", "data"):
            if kind in parts and parts.index(kind) + 1 < len(parts):
                return parts[parts.index(kind) + 1]
        return text
    return text.split("@", 1)[0].split(":", 1)[0]
