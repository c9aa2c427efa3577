"""Turn a v1 argument list and a v2 command template into the argv the job would run.

Both are compared as token lists: what the script's `sys.argv` would hold, with
data inputs and outputs replaced by `<inputs.x>` / `<outputs.y>` because their
mount paths differ by design between the SDKs.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

from harness.spec.errors import SpecError

_BINDING = re.compile(r"\$\{\{\s*(inputs|outputs)\.([A-Za-z0-9_.]+)\s*\}\}")
_OPTIONAL = re.compile(r"\$\[\[(.*?)\]\]", re.DOTALL)


def placeholder(kind: str, name: str) -> str:
    """The token a data input or output becomes: `<inputs.train>`, `<outputs.model>`."""
    return f"<{kind}.{name}>"


def split(command: str) -> list[str]:
    """Split a shell command line as `/bin/sh` would (quotes removed, no expansion)."""
    try:
        return shlex.split(command, posix=True)
    except ValueError as error:
        raise SpecError(f"cannot split the command line {command!r} like a shell: {error}; "
                        "check its quotes (and those of any input value pasted into it)") from None


def v2_tokens(template: str, literals: Mapping[str, str | None], data_inputs: set[str],
              outputs: set[str]) -> list[str]:
    """Render a v2 command the way the service does, then split it.

    `literals` holds each literal input's wire text (the string the SDK sends);
    `$[[...]]` segments survive only when every input they reference is given.
    A binding to an input that is not given stays as `${{inputs.x}}` text, so it
    shows up as a difference instead of vanishing. Values are pasted unquoted, as
    the service does before the shell runs the line: a string input `a b` becomes
    two argv tokens, where a v1 argument `a b` stays one.
    """

    def given(name: str) -> bool:
        return name in data_inputs or literals.get(name) is not None

    def optional(match: re.Match[str]) -> str:
        names = [n for k, n in _BINDING.findall(match.group(1)) if k == "inputs"]
        return match.group(1) if all(given(n) for n in names) else ""

    def bind(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "outputs":
            return placeholder("outputs", name) if name in outputs else match.group(0)
        if name in data_inputs:
            return placeholder("inputs", name)
        value = literals.get(name)
        return match.group(0) if value is None else value

    text = _OPTIONAL.sub(optional, template)
    return split(_BINDING.sub(bind, text))
