"""Conda package specs as pip requirements: PyPI names, pip version syntax.

Most conda packages of Python libraries carry their PyPI name; :data:`RENAMED` lists
those that do not. :data:`PROVIDED` are conda packages that a virtual environment gets
anyway (the interpreter, pip itself, the C runtime and BLAS that wheels bundle) and are
dropped with a note. :data:`NO_PYPI_EQUIVALENT` have nothing on PyPI to stand in for
them: asking for one is an error naming it, never a silent omission.
"""

from __future__ import annotations

import re

from .requirements import ResolutionError

RENAMED: dict[str, str] = {
    "pytorch": "torch",
    "pytorch-cpu": "torch",
    "py-xgboost": "xgboost",
    "py-xgboost-cpu": "xgboost",
    "pytables": "tables",
    "matplotlib-base": "matplotlib",
    "msgpack-python": "msgpack",
    "python-dateutil": "python-dateutil",
    "pyyaml": "pyyaml",
    "tensorflow-base": "tensorflow",
    "lightgbm": "lightgbm",
    "opencv": "opencv-python-headless",
    "py-opencv": "opencv-python-headless",
    "libopencv": "opencv-python-headless",
    "pillow-simd": "pillow",
    "ruamel_yaml": "ruamel.yaml",
    "pyqt": "pyqt5",
}
"""Conda name -> PyPI name where they differ."""

PROVIDED = frozenset({
    "pip", "setuptools", "wheel", "python_abi", "ca-certificates", "certifi-system",
    "openssl", "libgcc-ng", "libstdcxx-ng", "libgomp", "_libgcc_mutex", "_openmp_mutex",
    "libffi", "zlib", "xz", "bzip2", "ncurses", "readline", "sqlite", "tk", "tzdata",
    "ld_impl_linux-64", "libuuid", "libnsl", "libzlib", "blas", "libblas", "libcblas",
    "liblapack", "mkl", "mkl-service", "mkl_fft", "mkl_random", "intel-openmp", "openblas",
    "libopenblas", "nomkl",
})
"""Conda packages a venv or the wheels it installs already provide; dropped with a note."""

NO_PYPI_EQUIVALENT = frozenset({
    "cudatoolkit", "cudnn", "nccl", "magma-cuda110", "magma-cuda113", "cuda", "cuda-toolkit",
    "r-base", "r-essentials", "gcc", "gxx", "gcc_linux-64", "gxx_linux-64", "cmake", "make",
    "openmpi", "mpich", "git", "nodejs", "libgdal", "gdal", "graphviz", "ffmpeg",
    "cpuonly", "pytorch-cuda", "pytorch-mutex",
})
"""Conda packages with no PyPI package to stand in for them."""

_SPEC = re.compile(r"^(?:(?P<channel>[\w.-]+)::)?(?P<name>[A-Za-z0-9_.\-]+)\s*(?P<rest>.*)$")


def conda_to_pip(spec: str, where: str) -> tuple[str | None, str | None]:
    """``(pip requirement or None, note or None)`` for one conda dependency line.

    ``numpy=1.26`` means any 1.26.x (pip ``==1.26.*``; conda's ``=`` is a prefix match, as
    spec parity reads it too), ``numpy=1.26.4=py39h...`` the build string dropped,
    ``numpy==1.26.4`` and ``numpy>=1.2`` as pip reads them.
    """
    match = _SPEC.match(spec.strip())
    if match is None:
        raise ResolutionError(f"{where}: cannot read the conda package spec {spec!r}.")
    name = match.group("name").lower()
    rest = match.group("rest").replace(" ", "")
    if name in PROVIDED:
        return None, f"conda package {name!r} is provided by the virtual environment; dropped"
    if name in NO_PYPI_EQUIVALENT:
        raise ResolutionError(
            f"{where}: conda package {name!r} has no PyPI equivalent, so this environment "
            f"cannot be built as a virtual environment. Remove it from the conda "
            f"dependencies or replace it with a pip package.")
    pip_name = RENAMED.get(name, name)
    note = None if pip_name == name else f"conda package {name!r} installed as {pip_name!r}"
    return pip_name + _version(rest, spec, where), note


def _version(rest: str, spec: str, where: str) -> str:
    if not rest:
        return ""
    if rest[0] in "<>!~" or rest.startswith("=="):
        return rest
    if rest.startswith("="):
        version = rest[1:].split("=", 1)[0]
        if not version:
            raise ResolutionError(f"{where}: conda package spec {spec!r} has no version.")
        return f"=={version}" if version.endswith("*") else f"=={version}.*"
    raise ResolutionError(f"{where}: cannot read the version in conda package spec {spec!r}.")


def python_version(spec: str) -> str | None:
    """``3.9`` from ``python=3.9``, ``python==3.9.18`` or ``python>=3.9``; None otherwise."""
    match = re.match(r"^python\s*(?:[=<>~!]=?|==)\s*(\d+(?:\.\d+)?)", spec.strip())
    return match.group(1) if match else None
