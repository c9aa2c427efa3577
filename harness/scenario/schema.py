"""Validate a parsed scenario against the JSON Schema and explain each error for users."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

SCHEMA_FILE = "scenario.schema.json"
BASE_FILE = "base.schema.json"
EXPECTATIONS = ["parity", "drift", "broken"]
#: A week: longer is a typo (or `.inf`, which no clock can wait for).
MAX_TIMEOUT_S = 7 * 24 * 3600


@cache
def scenario_schema() -> dict[str, Any]:
    """The scenario schema: what every scenario has (`base.schema.json`), plus, for each kind
    of evidence (`harness/checks/`), its `compare:` blocks, its `expect:` key and, for kinds
    that have a deadline, its `timeouts:` key. `scenario.schema.json` is this, published for
    editors (`aml-parity schema` prints it)."""
    from ..checks.registry import checks  # the checks read scenarios: import late

    text = resources.files(__package__).joinpath(BASE_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    properties = schema["properties"]
    for check in checks():
        fragment = check.schema_fragment()
        properties["compare"]["properties"].update(fragment.get("compare", {}))
        schema["$defs"].update(fragment.get("$defs", {}))
        properties["expect"]["oneOf"][1]["properties"][check.name] = {"enum": EXPECTATIONS}
        if check.default_timeout is not None:
            properties["timeouts"]["properties"][check.name] = {
                "type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIMEOUT_S,
                "description": f"seconds; {check.default_timeout:.0f} by default"}
    return schema


def published_schema() -> str:
    """The schema as `scenario.schema.json` holds it."""
    return json.dumps(scenario_schema(), indent=2) + "\n"


def schema_errors(data: Any) -> list[tuple[list[str | int], str, str]]:
    """Every schema violation as (path, problem, fix), outermost first."""
    validator = jsonschema.Draft202012Validator(
        scenario_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), e.message))
    return [_explain(_most_specific(e)) for e in errors]


def _most_specific(error: ValidationError) -> ValidationError:
    """For `oneOf` alternatives, report the branch that got furthest into the value."""
    if error.validator != "oneOf" or not error.context:
        return error
    depth = len(error.absolute_path)
    deeper = [e for e in error.context if len(e.absolute_path) > depth]
    if deeper:
        return _most_specific(max(deeper, key=lambda e: len(e.absolute_path)))
    if isinstance(error.instance, dict):
        shaped = ("additionalProperties", "required", "minProperties")
        objects = [e for e in error.context if e.validator in shaped]
        if objects:
            return objects[0]
    return error


def _explain(error: ValidationError) -> tuple[list[str | int], str, str]:
    path = list(error.absolute_path)
    field = ".".join(str(p) for p in path) or "(top level)"
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = sorted(set(error.instance) - set(allowed))
        unknown = extras[0] if extras else "?"
        guess = difflib.get_close_matches(unknown, allowed, n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        return (
            [*path, unknown],
            f"unknown field '{unknown}'",
            f"{hint}Allowed here: {', '.join(allowed)}.",
        )
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return [*path, missing], f"missing required field '{missing}'", _required_fix(missing)
    if kind == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        return path, f"{error.instance!r} is not allowed", f"use one of {choices}."
    if kind == "type":
        return path, f"expected {error.validator_value}, got {type(error.instance).__name__}", (
            f"write '{field}' as a {error.validator_value}."
        )
    if kind == "pattern" and path[:1] == ["tags"]:
        return path, f"tag {error.instance!r} cannot be a pytest marker", (
            "start it with a letter, then use letters, digits, '_' or '-' (e.g. 'known-bad').")
    if kind == "pattern":
        return path, f"{error.instance!r} has the wrong form", _pattern_fix(schema)
    if kind == "maxLength":
        return path, (f"{len(error.instance)} characters is longer than the "
                      f"{error.validator_value} allowed"), (
            f"shorten '{field}' to at most {error.validator_value} characters.")
    if kind == "oneOf" and path and path[0] == "expect":
        return path, f"{error.instance!r} is not allowed", (
            "use 'parity', 'drift' or 'broken', or a mapping such as {spec: parity, run: drift}."
        )
    if kind == "oneOf":
        return path, f"{error.instance!r} is not a valid side", (
            "write 'file.py:function' (a callable), a CLI v2 YAML file such as 'job.yml' "
            "(v2 only), or a mapping with 'callable' and/or YAML files."
        )
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return path, f"{error.instance!r} is out of range ({error.message})", (
            f"change '{field}' to a value within range."
        )
    if kind == "format":
        return path, f"{error.instance!r} is not a valid {error.validator_value}", (
            "check the regular expression's syntax."
        )
    return path, error.message, f"see docs/scenario-format.md for '{field}'."


def _required_fix(missing: str) -> str:
    if missing in ("v1", "v2"):
        return (
            f"add '{missing}:' naming the {missing} side, e.g. '{missing}: "
            f"{'v1_job.py:build' if missing == 'v1' else 'job.yml'}'."
        )
    return f"add '{missing}'."


def _pattern_fix(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern", "")
    if ".py:" in pattern:
        return "name a callable as 'path/to/file.py:function', relative to the scenario folder."
    if "ya?ml" in pattern:
        return "name a CLI v2 YAML file ending in .yml or .yaml, relative to the scenario folder."
    return f"match the pattern {pattern}."
