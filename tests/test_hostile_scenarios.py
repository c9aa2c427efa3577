"""Scenario files a fuzzer (or a bad day) writes get the project's one-paragraph error, from
`aml-parity validate` and from the pytest item alike, never a raw exception."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main

JOB = "type: command\n"
SIDES = "v1: v1_job.py:build\nv2: job.yml\n"
BUILD = "def build(ws, ctx):\n    return None\n"


def folder_with(root: Path, name: str, scenario: str | bytes, v1: str | bytes = BUILD) -> Path:
    """A scenario folder `name` holding `scenario.yaml`, `v1_job.py` and a `job.yml`."""
    folder = root / name
    folder.mkdir(parents=True)
    for file, text in (("scenario.yaml", scenario), ("v1_job.py", v1), ("job.yml", JOB)):
        data = text if isinstance(text, bytes) else text.encode()
        (folder / file).write_bytes(data)
    return folder / "scenario.yaml"


def symlink_loop(root: Path, name: str) -> Path:
    path = folder_with(root, name, SIDES)
    path.unlink()
    path.symlink_to(path.name)
    return path


def callable_raising(statement: str, prelude: str = "") -> str:
    return f"import sys\n{prelude}\ndef build(ws, ctx):\n    {statement}\n"


BAD_STR = "class Odd(Exception):\n    def __str__(self):\n        raise ValueError('no')\n"

#: name -> (how to write the folder, what the one paragraph must say)
CASES: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "binary-scenario": (lambda r, n: folder_with(r, n, b"\xff\xfe\x00v1: \x80"),
                        "scenario file is not UTF-8 text"),
    "binary-callable": (lambda r, n: folder_with(r, n, SIDES, b"def build():\n\xff\xfe"),
                        "field 'v1': callable file 'v1_job.py' is not UTF-8 text"),
    "deep-nesting": (lambda r, n: folder_with(r, n, "v1: " + "[" * 10_000 + "]" * 10_000),
                     "nested too deeply"),
    "integer-keys": (lambda r, n: folder_with(r, n, SIDES + "1: 2\n"),
                     "key 1 is a number, not text"),
    "symlink-loop": (symlink_loop, "scenario file is a symbolic link loop"),
    "long-name": (lambda r, n: folder_with(r, n, f"name: {'a' * 200}\n{SIDES}"),
                  "field 'name': 200 characters is longer than the 64 allowed"),
    "empty-tag": (lambda r, n: folder_with(r, n, f"tags: ['']\n{SIDES}"),
                  "field 'tags.0': tag '' cannot be a pytest marker"),
    "private-tag": (lambda r, n: folder_with(r, n, f"tags: [_private]\n{SIDES}"),
                    "field 'tags.0': tag '_private' cannot be a pytest marker"),
    "skip-tag": (lambda r, n: folder_with(r, n, f"tags: [skip]\n{SIDES}"),
                 "field 'tags.0': tag 'skip' is already a marker"),
    "class-reference": (
        lambda r, n: folder_with(r, n, "v1: v1_job.py:ScriptRunConfig\nv2: job.yml\n",
                                 "from azureml.core import ScriptRunConfig\n"),
        "'v1_job.py:ScriptRunConfig' is a class"),
    "sys-exit": (lambda r, n: folder_with(r, n, SIDES, callable_raising("sys.exit(3)")),
                 "v1 callable 'v1_job.py:build' called sys.exit(3) (at v1_job.py:4)"),
    "keyboard-interrupt": (
        lambda r, n: folder_with(r, n, SIDES, callable_raising("raise KeyboardInterrupt")),
        "v1 callable 'v1_job.py:build' raised KeyboardInterrupt (at v1_job.py:4)"),
    "generator-exit": (
        lambda r, n: folder_with(r, n, SIDES, callable_raising("raise GeneratorExit('bye')")),
        "v1 callable 'v1_job.py:build' raised GeneratorExit: bye"),
    "unprintable-exception": (
        lambda r, n: folder_with(r, n, SIDES, callable_raising("raise Odd()", BAD_STR)),
        "raised Odd: (its message could not be read: ValueError in __str__)"),
}


def assert_one_paragraph(text: str, expected: str) -> None:
    assert expected in text, text
    assert "Traceback" not in text
    paragraph = next(line for line in text.splitlines() if expected in line)
    assert "Fix:" in paragraph, paragraph


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_explains_each_hostile_file(tmp_path: Path, case: str) -> None:
    write, expected = CASES[case]
    path = write(tmp_path, case)
    result = CliRunner().invoke(main, ["validate", str(path.parent)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert_one_paragraph(result.output, expected)
    assert re.search(rf"FAIL \S*{case}/scenario.yaml", result.output)


def test_each_hostile_file_is_one_failing_item_saying_why(pytester: pytest.Pytester) -> None:
    root = pytester.path / "scenarios"
    for case, (write, _) in CASES.items():
        write(root, case)
    result = pytester.runpytest("scenarios", "-p", "no:cacheprovider", "-rfE")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) + outcomes.get("error", outcomes.get("errors", 0)) == len(
        CASES), result.stdout.str()
    text = result.stdout.str()
    assert "Traceback" not in text and "INTERNALERROR" not in text
    for case, (_, expected) in CASES.items():
        lines = [line for line in text.splitlines() if f"{case}/scenario.yaml" in line
                 and expected in line]
        assert lines, f"{case}: no line says {expected!r}"
