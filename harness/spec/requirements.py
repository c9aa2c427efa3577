"""Normalise pip and conda requirements so two spellings of one dependency compare equal.

v1 `CondaDependencies` and v2 `conda_file` both end up as a conda environment
dict; what differs between a faithful pair is spelling (`scikit_learn` vs
`scikit-learn`, `conda-forge::numpy`, pip index options), not content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

# pip options that only say where to look for packages, not which ones to install.
_INDEX_OPTIONS = (
    "--index-url",
    "--extra-index-url",
    "--find-links",
    "--trusted-host",
    "--no-index",
    "--pre",
    "--prefer-binary",
    "--only-binary",
    "--no-binary",
    "-i",
    "-f",
)
_CONDA_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)\s*(?P<spec>.*)$")


def pip_key(requirement: str) -> str:
    """The canonical package name of a normalised pip line (used to pair version changes)."""
    try:
        return canonicalize_name(Requirement(requirement).name)
    except InvalidRequirement:
        return requirement


def normalise_pip(lines: Iterable[str]) -> list[str]:
    """Sorted, de-duplicated pip requirements with canonical names; index options dropped.

    Lines `packaging` cannot parse (`-r file`, `-e path`, `git+https://...`) are
    kept verbatim: they change what is installed, so they must still be compared.
    """
    out: set[str] = set()
    for raw in lines:
        line = str(raw).split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-") and line.split()[0].split("=")[0] in _INDEX_OPTIONS:
            continue
        out.add(_normalise_pip_line(line))
    return sorted(out)


def _normalise_pip_line(line: str) -> str:
    try:
        req = Requirement(line)
    except InvalidRequirement:
        return line
    text: str = canonicalize_name(req.name)
    if req.extras:
        text += "[" + ",".join(sorted(canonicalize_name(e) for e in req.extras)) + "]"
    if req.url:
        text += f" @ {req.url}"
    elif req.specifier:
        text += ",".join(sorted(str(s) for s in req.specifier))
    if req.marker:
        text += f"; {req.marker}"
    return text


def normalise_conda(spec: str) -> str:
    """`conda-forge::numpy=1.24` -> `numpy==1.24.*`, `numpy==1.24` -> `numpy==1.24`.

    Conda's single `=` is a fuzzy match (`=1.24` means `1.24.*`), `==` is exact;
    we keep that difference because the two can install different builds.
    The channel prefix is dropped: the package, not its origin, is compared.
    """
    text = spec.strip().split("::", 1)[-1].replace(" ", "")
    match = _CONDA_SPEC.match(text)
    if not match:
        return text
    name, rest = match.group("name").lower(), match.group("spec")
    if not rest:
        return name
    parts = rest.lstrip("=").split("=", 1) if rest.startswith("=") else [rest]
    version = parts[0]
    build = f"={parts[1]}" if len(parts) > 1 else ""
    if rest.startswith("==") or not rest.startswith("="):
        op_version = ("==" + version) if rest.startswith("==") else version
    else:
        op_version = "==" + (version if version.endswith("*") else version + ".*")
    return name + op_version + build


def python_version(spec: str) -> str | None:
    """`python=3.10`, `python==3.10.*` -> `3.10`; `python=3.8.13` -> `3.8.13`; bare -> None."""
    text = spec.strip().split("::", 1)[-1]
    version = re.sub(r"^python\s*", "", text, flags=re.IGNORECASE).lstrip("=<>~! ")
    version = version.split("=", 1)[0]
    return re.sub(r"(\.\*)+$", "", version) or None


def split_conda_environment(conda: Mapping[str, Any] | None) -> dict[str, Any]:
    """Python version, conda and pip packages of a conda environment dict.

    Returns `{"python": str|None, "conda": [...], "pip": [...]}`; `pip` itself is
    not listed among the conda packages because both SDKs add it as plumbing.
    """
    python: str | None = None
    conda_specs: list[str] = []
    pip_lines: list[str] = []
    for dep in (conda or {}).get("dependencies") or []:
        if isinstance(dep, Mapping):
            pip_lines.extend(str(x) for x in dep.get("pip") or [])
            continue
        name = normalise_conda(str(dep))
        bare = re.split(r"[=<>!~ ]", name, maxsplit=1)[0]
        if bare == "python":
            python = python_version(str(dep))
        elif bare != "pip":
            conda_specs.append(name)
    return {"python": python, "conda": sorted(set(conda_specs)), "pip": normalise_pip(pip_lines)}
