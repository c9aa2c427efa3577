"""Lay out a job's folders as Azure ML compute does, and bind inputs into its command.

On Azure the user's code is the working folder, which also holds ``outputs/`` and
``logs/`` (uploaded when the job ends); each data input sits beside it as
``INPUT_<name>`` and each output as ``<name>``. Here the server names both folders;
inputs arrive as local paths (the server maps datastore URIs to its own storage).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

INPUT_MODES = frozenset({"ro_mount", "download", "direct"})
"""Input modes a local job supports: Azure's ``ro_mount``, ``download`` and ``direct``."""

CodeFiles = Iterable[tuple[str, bytes]]
"""A code snapshot as (relative POSIX path, content) pairs."""


@dataclass(frozen=True)
class DataInput:
    """A ``uri_file`` or ``uri_folder`` input, already on this machine at ``path``.

    ``ro_mount`` links to ``path`` (read-only is not enforced: that would mean changing
    the permissions of the server's own copy); ``download`` copies it, writable, as
    Azure does; ``direct`` passes the path as it is.
    """

    path: Path
    mode: str = "ro_mount"

    def __post_init__(self) -> None:
        if self.mode not in INPUT_MODES:
            known = ", ".join(sorted(INPUT_MODES))
            raise ValueError(f"Input mode {self.mode!r} is not supported; use one of {known}.")


LiteralValue = str | int | float | bool
InputValue = DataInput | LiteralValue | None


@dataclass(frozen=True)
class Layout:
    """Where things ended up: the values to bind for each input and output name."""

    working_dir: Path
    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)


def format_literal(value: LiteralValue) -> str:
    """A literal input as the job sees it.

    azure-ai-ml sends literal inputs as ``str(value)``
    (``entities/_job/_input_output_helpers.py``, ``to_rest_dataset_literal_inputs``), so
    ``0.10`` arrives as ``0.1``, ``1e20`` as ``1e+20`` and ``True`` as ``True``: a
    migrated command can pass different text than the v1 arguments did.
    """
    return str(value)


def materialize(
    working_dir: Path,
    data_dir: Path,
    *,
    code: Path | CodeFiles | None = None,
    inputs: Mapping[str, InputValue] | None = None,
    outputs: Iterable[str] = (),
) -> Layout:
    """Fill ``working_dir`` with the code, ``outputs/`` and ``logs/``; bind inputs and outputs.

    Inputs whose value is None are left unbound (an optional input not given).
    """
    working_dir.mkdir(parents=True, exist_ok=True)
    if isinstance(code, Path):
        if not code.is_dir():
            raise FileNotFoundError(f"Code snapshot folder {code} does not exist.")
        shutil.copytree(code, working_dir, dirs_exist_ok=True)
    elif code is not None:
        _extract(code, working_dir)
    (working_dir / "outputs").mkdir(exist_ok=True)
    (working_dir / "logs").mkdir(exist_ok=True)

    bound_inputs: dict[str, str] = {}
    for name, value in (inputs or {}).items():
        if value is None:
            continue
        if isinstance(value, DataInput):
            bound_inputs[name] = str(_place_input(name, value, data_dir))
        else:
            bound_inputs[name] = format_literal(value)

    bound_outputs: dict[str, str] = {}
    for name in outputs:
        folder = data_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        bound_outputs[name] = str(folder)
    return Layout(working_dir=working_dir, inputs=bound_inputs, outputs=bound_outputs)


def _extract(files: CodeFiles, root: Path) -> None:
    for relative, content in files:
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
            raise ValueError(
                f"Code snapshot entry {relative!r} points outside the job folder; "
                "snapshot paths must be relative and must not contain '..'."
            )
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _place_input(name: str, data: DataInput, data_dir: Path) -> Path:
    source = data.path
    if not source.exists():
        raise FileNotFoundError(f"Input {name!r}: {source} does not exist.")
    if data.mode == "direct":
        return source
    folder = data_dir / f"INPUT_{name}"
    if source.is_dir():
        target = folder
        if data.mode == "download":
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source.resolve(), target_is_directory=True)
        return target
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if data.mode == "download":
        shutil.copy2(source, target)
    else:
        target.symlink_to(source.resolve())
    return target


_BINDING = re.compile(r"\$\{\{\s*(inputs|outputs)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_OPTIONAL = re.compile(r"\$\[\[(.*?)\]\]", re.DOTALL)
_TOKEN = re.compile(f"{_OPTIONAL.pattern}|{_BINDING.pattern}", re.DOTALL)


def substitute_command(
    command: str, inputs: Mapping[str, object], outputs: Mapping[str, object]
) -> str:
    """Resolve ``${{inputs.x}}`` and ``${{outputs.y}}`` as Azure ML does before running.

    A ``$[[ ... ]]`` segment is kept (without its brackets) when every input and output
    it names is given, and dropped whole otherwise. A name given as None counts as not
    given. Values are inserted as ``str(value)``, unquoted, as Azure inserts them, and
    are never scanned again; other ``${{...}}`` expressions (such as
    ``${{search_space.x}}``) are left alone.
    """
    bound = {"inputs": inputs, "outputs": outputs}

    def value_of(kind: str, name: str, text: str) -> str:
        value = bound[kind].get(name)
        if value is None:
            singular = kind[:-1]
            raise ValueError(
                f"The command uses {text}, but the job has no {singular} {name!r}. "
                f"Add {singular} {name!r} to the job, or wrap that part of the command in "
                "$[[ ... ]] to make it optional."
            )
        return str(value)

    def binding(match: re.Match[str]) -> str:
        return value_of(match.group(1), match.group(2), match.group(0))

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner is None:
            return value_of(match.group(2), match.group(3), match.group(0))
        refs = list(_BINDING.finditer(inner))
        if any(bound[ref.group(1)].get(ref.group(2)) is None for ref in refs):
            return ""
        return _BINDING.sub(binding, inner)

    return _TOKEN.sub(token, command)
