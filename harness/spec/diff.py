"""Compare two canonical specs and report each disagreement as a `Difference`.

deepdiff finds the structural changes; this module only decides how each one
reads (a dotted path, both values) and how much it matters. Three kinds of
value are not compared as plain data:

* set-like lists (pip, conda, models): items added or removed, and a version
  change of one package is one difference, not a removal plus an addition;
* deployment resources: v1 asked for cores and memory, v2 names a VM size, so
  v2 passes when its SKU covers v1's request (a warning when it is bigger than
  the smallest SKU that would);
* numbers written as text (argv tokens, variables): `0.1` vs `0.10` is the same
  number, reported as a warning in `numbers="numeric"` mode. `1` vs `1.0` stays
  an error in that mode because `argparse` with `type=int` accepts only the first.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import fnmatch
import re
from collections.abc import Iterable, Iterator
from typing import Any

from deepdiff import DeepDiff
from deepdiff.helper import NotPresent

from harness.compare.verdict import Difference
from harness.spec.requirements import pip_key
from harness.spec.skus import covers, lookup, smallest_covering

EVIDENCE = "spec"
SET_LIKE = ("*environment.pip", "*environment.conda", "*models")
RESOURCES = ("*resources",)
_NUMBER_MODES = ("numeric", "text")
_V2_AUTH = ("key", "aml_token", "aad_token")


def diff_specs(v1: dict[str, Any], v2: dict[str, Any], *, ignore: Iterable[str] = (),
               numbers: str = "numeric") -> list[Difference]:
    """All differences between two specs, minus those whose path matches `ignore`.

    `ignore` holds fnmatch patterns on dotted paths; a pattern also ignores what
    lies below the path it matches (`job.environment` ignores `job.environment.pip`),
    and `job.environment.pip.<package>` ignores one package.
    """
    if numbers not in _NUMBER_MODES:
        raise ValueError(f"numbers must be one of {_NUMBER_MODES}, not {numbers!r}")
    patterns = list(ignore)
    left, right = copy.deepcopy(v1), copy.deepcopy(v2)
    found: list[Difference] = list(_environment_kind_differences(left, right))
    for path in sorted(_shared_paths(left, right)):
        a, b = _pop(left, path), _pop(right, path)
        if _matches(path, SET_LIKE):
            found.extend(_set_differences(path, a or [], b or []))
        elif _matches(path, RESOURCES):
            found.extend(_resource_differences(path, a or {}, b or {}))
    found.extend(_structural(left, right, numbers))
    kept = [_label_argument(d, v1, v2) for d in found if not _ignored(d, patterns, v1, v2)]
    return sorted(kept, key=lambda d: d.path)  # stable: set items keep their order


_COMMAND_TOKEN = re.compile(r"^(?P<section>\w+)\.command\[(?P<index>\d+)\]$")


def _label_argument(difference: Difference, v1: dict[str, Any], v2: dict[str, Any]) -> Difference:
    """Name the option a changed command token belongs to: `value of --alpha` reads better."""
    match = _COMMAND_TOKEN.match(difference.path)
    if not match or int(match["index"]) == 0:
        return difference
    index = int(match["index"])
    for spec in (v1, v2):
        tokens = (spec.get(match["section"]) or {}).get("command") or []
        if index < len(tokens) and str(tokens[index - 1]).startswith("-"):
            label = f"value of {tokens[index - 1]}"
            note = f"{label}; {difference.note}" if difference.note else label
            return dataclasses.replace(difference, note=note)
    return difference


def _option_paths(path: str, v1: dict[str, Any], v2: dict[str, Any]) -> set[str]:
    """`job.command.--epochs` for the token `--epochs` (or `--epochs=20`) and the value after it.

    Token indices shift when a flag is added; the option's name does not, so users
    can ignore an option by name on either side.
    """
    match = _COMMAND_TOKEN.match(path)
    if not match:
        return set()
    index, section = int(match["index"]), match["section"]
    names: set[str] = set()
    for spec in (v1, v2):
        tokens = [str(t) for t in (spec.get(section) or {}).get("command") or []]
        name = _option_of(tokens, index)
        if name:
            names.add(f"{section}.command.{name}")
    return names


def _option_of(tokens: list[str], index: int) -> str | None:
    """The option a token is, or is the value of; None for the script and positionals."""
    if index >= len(tokens) or index == 0:
        return None
    token = tokens[index]
    if token.startswith("-") and len(token) > 1 and not _is_number(token):
        return token.split("=", 1)[0]
    previous = tokens[index - 1]
    if previous.startswith("-") and "=" not in previous and not _is_number(previous):
        return previous
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _matches(path: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


def _dict_paths(tree: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            yield path
            yield from _dict_paths(value, path)


def _shared_paths(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    """Special paths present on both sides; one-sided ones are reported by their parent."""
    special = (*SET_LIKE, *RESOURCES)
    return {p for p in set(_dict_paths(a)) & set(_dict_paths(b)) if _matches(p, special)}


def _pop(tree: dict[str, Any], path: str) -> Any:
    *parents, last = path.split(".")
    node: Any = tree
    for key in parents:
        node = node[key]
    return node.pop(last)


def _environment_kind_differences(v1: dict[str, Any], v2: dict[str, Any]
                                  ) -> Iterator[Difference]:
    """A registered environment on one side and an inline one on the other is one difference.

    Their contents cannot be compared offline (the registry holds one of them), so
    listing image, python and every package as missing would only bury the point.
    """
    paths = {p for p in set(_dict_paths(v1)) & set(_dict_paths(v2))
             if fnmatch.fnmatchcase(p, "*environment")}
    for path in sorted(paths):
        a, b = _get(v1, path), _get(v2, path)
        if not (isinstance(a, dict) and isinstance(b, dict)):
            continue
        if bool(a.get("reference")) == bool(b.get("reference")):
            continue
        _pop(v1, path), _pop(v2, path)
        yield Difference(EVIDENCE, f"{path}.reference", _describe(a), _describe(b),
                         note="one side names a registered environment, the other defines one "
                              "inline; their contents cannot be compared without the registry")


def _describe(environment: dict[str, Any]) -> str:
    if environment.get("reference"):
        return str(environment["reference"])
    packages = len(environment.get("conda") or []) + len(environment.get("pip") or [])
    return (f"inline: image {environment.get('image')}, python {environment.get('python')}, "
            f"{packages} packages")


def _get(tree: dict[str, Any], path: str) -> Any:
    node: Any = tree
    for key in path.split("."):
        node = node[key]
    return node


def _set_differences(path: str, v1: list[str], v2: list[str]) -> Iterator[Difference]:
    keyed = pip_key if path.endswith("pip") else _conda_key
    left = {keyed(item): item for item in v1}
    right = {keyed(item): item for item in v2}
    for key in sorted(left.keys() | right.keys()):
        a, b = left.get(key), right.get(key)
        if a == b:
            continue
        if a is None:
            note = f"+ {b} (only in v2)"
        elif b is None:
            note = f"- {a} (only in v1)"
        else:
            note = f"~ {a} -> {b}"
        yield Difference(EVIDENCE, path, a, b, tolerance="compared as a set", note=note)


def _conda_key(item: str) -> str:
    return re.split(r"[=<>!~ ]", item, maxsplit=1)[0]


def _resource_differences(path: str, v1: dict[str, Any], v2: dict[str, Any]
                          ) -> Iterator[Difference]:
    here = f"{path}.instance_type"
    want, got = v1.get("instance_type"), v2.get("instance_type")
    if want == got or (want and got and want.lower() == got.lower()):
        return
    cpu, memory = v1.get("cpu"), v1.get("memory_gb")
    sku = lookup(got)
    if cpu is None or memory is None or sku is None:
        note = "v2 SKU not in the managed online endpoint table" if got and sku is None else ""
        yield Difference(EVIDENCE, here, want, got, note=note,
                         severity="warning" if note and cpu is not None else "error")
        return
    smallest = smallest_covering(cpu, memory)
    asked = f"v1 asked for {cpu} CPU / {memory} GB"
    given = f"{sku.name} has {sku.cpu} vCPU / {sku.memory_gb} GiB"
    tolerance = "v2 SKU must cover v1 cpu_cores and memory_gb"
    if covers(sku, cpu, memory):
        yield Difference(EVIDENCE, here, want, got, tolerance=tolerance, severity="warning",
                         note=f"{asked}; {given}, more than the smallest covering SKU "
                              f"{smallest.name if smallest else '?'}")
    else:
        yield Difference(EVIDENCE, here, want, got, tolerance=tolerance,
                         note=f"{asked}; {given}: smaller than the v1 container")


def _structural(v1: dict[str, Any], v2: dict[str, Any], numbers: str) -> Iterator[Difference]:
    tree = DeepDiff(v1, v2, view="tree", verbose_level=2)
    for report in tree.values():
        for level in report:
            path = _format_path(level.path(output_format="list"))
            a = None if isinstance(level.t1, NotPresent) else level.t1
            b = None if isinstance(level.t2, NotPresent) else level.t2
            yield _classify(path, a, b, numbers)


def _format_path(keys: list[Any]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _classify(path: str, a: Any, b: Any, numbers: str) -> Difference:
    if isinstance(a, str) and isinstance(b, str):
        rule = _number_rule(a, b, numbers)
        if rule:
            severity, tolerance, note = rule
            return Difference(EVIDENCE, path, a, b, tolerance=tolerance, note=note,
                              severity=severity)
    if path.endswith(".auth") and a == "none" and b in _V2_AUTH:
        return Difference(EVIDENCE, path, a, b, severity="warning",
                          note="v1 service had no auth; v2 online endpoints always require "
                               "key or token auth, so clients must send credentials")
    if path.endswith("environment.python") and a and b and _minor(a) == _minor(b):
        return Difference(EVIDENCE, path, a, b, severity="warning",
                          tolerance="same major.minor Python",
                          note="patch releases differ; conda may resolve other builds")
    if fnmatch.fnmatchcase(path, "*inputs.*.path") and a is None:
        return Difference(EVIDENCE, path, a, b, severity="warning",
                          note="the v1 dataset's location is only known with a workspace")
    return Difference(EVIDENCE, path, a, b)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _number_rule(a: str, b: str, numbers: str) -> tuple[str, str, str] | None:
    """Severity, tolerance and note for two texts of the same number, else None."""
    try:
        same = float(a) == float(b)
    except ValueError:
        return None
    if not same:
        return None
    if numbers == "text":
        return "error", "numbers compared as text", "same number, different text"
    if _is_int(a) != _is_int(b):
        return ("error", "numerically equal, but int-ness must match",
                f"same number, but only one of {a!r}/{b!r} parses as int: argparse "
                "type=int (or int()) rejects the other")
    return ("warning", "numerically equal (numbers=numeric)",
            "same number, different text; a script reading it as a string (or as int "
            "when it is written as a float) would differ")


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _ignored(difference: Difference, patterns: list[str], v1: dict[str, Any],
             v2: dict[str, Any]) -> bool:
    if not patterns:
        return False
    path = difference.path
    candidates = {path, *_option_paths(path, v1, v2)}
    for match in re.finditer(r"[.\[]", path):
        candidates.add(path[: match.start()])
    if any(_matches(p, SET_LIKE) for p in candidates):
        item = difference.v2 if difference.v2 is not None else difference.v1
        if isinstance(item, str):
            key = pip_key(item) if path.endswith("pip") else _conda_key(item)
            candidates.add(f"{path}.{key}")
    literal = [_literal_brackets(p) for p in patterns]
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in literal)


def _literal_brackets(pattern: str) -> str:
    """`job.command[4]` means that token, not fnmatch's character class `[4]`."""
    return re.sub(r"\[(\d+|\*)\]", lambda m: "[[]" + m.group(1) + "[]]", pattern)


def unused_ignores(v1: dict[str, Any], v2: dict[str, Any], patterns: Iterable[str]) -> list[str]:
    """Ignore patterns that name no field of either spec: almost always a typo'd path."""
    paths = spec_paths(v1, v2)
    return [
        pattern for pattern in patterns
        if not any(fnmatch.fnmatchcase(path, _literal_brackets(pattern)) for path in paths)
    ]


def spec_paths(v1: dict[str, Any], v2: dict[str, Any]) -> set[str]:
    """Every path an ignore pattern can name in either spec."""
    return set(_all_paths(v1)) | set(_all_paths(v2))


def nearest_paths(pattern: str, paths: Iterable[str], most: int = 3) -> list[str]:
    """The real paths closest to a pattern that matched nothing, for the warning's fix."""
    ranked = sorted(paths)
    close = difflib.get_close_matches(pattern, ranked, n=most, cutoff=0.5)
    if close:
        return close
    parent = pattern.rsplit(".", 1)[0]
    return [p for p in ranked if p.startswith(parent + ".")][:most]


def _all_paths(tree: Any, prefix: str = "") -> Iterator[str]:
    """Every dotted path a difference could have, including `pip.<name>` set items."""
    if prefix:
        yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _all_paths(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(tree, list):
        set_like = _matches(prefix, SET_LIKE)
        tokens = [str(t) for t in tree]
        for index, item in enumerate(tree):
            yield f"{prefix}[{index}]"
            option = _option_of(tokens, index) if prefix.endswith(".command") else None
            if option:
                yield f"{prefix}.{option}"
            if set_like and isinstance(item, str):
                key = pip_key(item) if prefix.endswith("pip") else _conda_key(item)
                yield f"{prefix}.{key}"
