"""The canonical environment section both SDK readers fill in.

One shape for v1 `Environment` and v2 environments: a registered environment is
compared by its reference only (its content lives in the registry), an anonymous
one by image, Python version and requirement sets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.spec.requirements import split_conda_environment


def reference_environment(reference: str) -> dict[str, Any]:
    """An environment known only by `name:version` or `name@label`."""
    return {"image": None, "reference": reference, "python": None, "conda": [], "pip": []}


def anonymous_environment(image: str | None, conda: Mapping[str, Any] | None) -> dict[str, Any]:
    """An environment described by its image and conda spec."""
    deps = split_conda_environment(conda)
    return {"image": image, "reference": None, **deps}


def no_environment() -> dict[str, Any]:
    """The environment of an object that names none."""
    return {"image": None, "reference": None, "python": None, "conda": [], "pip": []}
