"""Walk what a scenario side returned, and give the spec its fixed shape.

A side callable may return one object, a list/tuple, or a dict of name -> object
(values may themselves be lists). Every section has all of its keys, so a
missing value reads as `None` in a difference instead of a vanished key.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

MODEL_KEYS = ("models", "model")


def iter_objects(objects: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """Yield `(dict key or None, object)` for every leaf object, depth first."""
    if objects is None:
        return
    # Exact types: azure-ai-ml node builders (`Command`) are dict subclasses themselves.
    if type(objects) in (dict, OrderedDict):
        for name, value in objects.items():
            yield from iter_objects(value, str(name))
    elif type(objects) in (list, tuple):
        for item in objects:
            yield from iter_objects(item, key)
    else:
        yield key, objects


def empty_job() -> dict[str, Any]:
    """A job section with every key present."""
    return {
        "kind": "command",
        "code": None,
        "command": [],
        "environment": None,
        "compute": None,
        "instance_count": 1,
        "distribution": None,
        "inputs": {},
        "outputs": {},
        "variables": {},
    }


def empty_deployment() -> dict[str, Any]:
    """A deployment section with every key present."""
    return {
        "entry_script": None,
        "code": None,
        "environment": None,
        "models": [],
        "variables": {},
        "resources": {"instance_type": None, "cpu": None, "memory_gb": None},
        "auth": None,
        "instance_count": 1,
    }


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    """A plain, key-sorted JSON copy: proves no SDK object leaked into the spec."""
    return json.loads(json.dumps(spec, sort_keys=True))
