"""Import a scenario's `file.py:function` and call it, turning failures into user errors."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from ..scenario import Scenario, ScenarioError, Side
from .context import SideContext
from .deadline import Deadline, run_until


def call_side(scenario: Scenario, side: Side, handle: Any, ctx: SideContext,
              deadline: Deadline | None = None) -> Any:
    """Call the side's callable with `(workspace_or_client, ctx)` and return its result.

    With a `deadline` (the spec phase's), importing and calling it run in a daemon thread
    (`deadline.py`), so a callable that hangs makes a `ScenarioError`, not a hung session.
    """
    assert side.callable is not None
    if deadline is None:
        try:
            return _resolve(scenario, side)(handle, ctx)
        except (Exception, SystemExit, GeneratorExit) as exc:
            raise _raised(scenario, side, ctx, exc) from exc
    outcome = run_until(deadline, lambda: _resolve(scenario, side)(handle, ctx),
                        f"aml-parity {side.name} callable {side.callable}")
    if not outcome.finished:
        raise _overdue(scenario, side, deadline)
    if outcome.raised is not None:
        raise _raised(scenario, side, ctx, outcome.raised) from outcome.raised
    return outcome.value


def _raised(scenario: Scenario, side: Side, ctx: SideContext, exc: BaseException
            ) -> ScenarioError:
    """The user's code failed: say where, not where in the SDK."""
    if isinstance(exc, ScenarioError):
        return exc
    if isinstance(exc, SystemExit):
        return ScenarioError(
            scenario.path,
            f"{side.name} callable '{side.callable}' called sys.exit({exc.code!r}) "
            f"(at {_user_frame(exc, scenario.folder)})",
            "return the objects it builds instead of exiting; a callable must not end the "
            "process it runs in.",
            f"{side.name}.callable",
        )
    detail = _one_line(exc)
    return ScenarioError(
        scenario.path,
        f"{side.name} callable '{side.callable}' raised {type(exc).__name__}"
        f"{': ' + detail if detail else ''} (at {_user_frame(exc, scenario.folder)})",
        _fix_for(exc, side, ctx),
        f"{side.name}.callable",
    )


def _overdue(scenario: Scenario, side: Side, deadline: Deadline) -> ScenarioError:
    return ScenarioError(
        scenario.path,
        f"{side.name} callable '{side.callable}' did not return within the {deadline.phase} "
        f"phase's deadline of {deadline.seconds:g} s (timeouts.{deadline.phase}); it was "
        "left running in the background and its result is ignored",
        f"make it return promptly (in the {deadline.phase} phase it must only build and "
        "return objects: a workspace call or a wait blocks offline), or, if it really needs "
        f"longer, raise the deadline in the scenario: 'timeouts: {{{deadline.phase}: "
        f"{max(2 * deadline.seconds, 120):g}}}'.",
        f"{side.name}.callable",
    )


def _fix_for(exc: BaseException, side: Side, ctx: SideContext) -> str:
    if isinstance(exc, ImportError):
        return (
            f"install the missing package in the interpreter that runs the {side.name} side "
            f"({sys.executable}), or set '{side.name}.python' to one that has it."
        )
    if ctx.phase == "spec":
        host = _called_host(exc)
        called = (f"it called the workspace ({host}), but " if host else "")
        return (
            f"fix the callable; {called}in the spec phase (ctx.phase == 'spec') it gets an "
            "offline handle and must only build and return objects, not call the workspace: "
            "look registered things up only when ctx.phase != 'spec' (e.g. "
            "Environment.get(ws, name) for a curated environment) and return a reference by "
            "name in the spec phase."
        )
    return "fix the callable (the line above is where it failed)."


def _called_host(exc: BaseException) -> str:
    """The Azure host an offline handle tried to reach, from the connection error."""
    if not isinstance(exc, OSError):  # requests' and urllib3's connection errors are
        return ""  # OSErrors; anything else may not even have a printable message
    try:
        match = re.search(r"host='([^']+)'", str(exc))
    except Exception:  # a user exception's __str__ may raise anything
        return ""
    return match[1] if match else ""


def _resolve(scenario: Scenario, side: Side) -> Any:
    file = (scenario.folder / (side.callable_file or "")).resolve()
    module = _import_file(scenario, side, file)
    function = getattr(module, side.callable_function or "", None)
    if isinstance(function, type):
        raise ScenarioError(
            scenario.path,
            f"'{side.callable}' is a class ({function.__module__}.{function.__qualname__}), "
            "not a function",
            f"write a function in {side.callable_file} that builds and returns it, e.g. "
            f"'def build(workspace, ctx): return {function.__name__}(...)', and name that.",
            f"{side.name}.callable",
        )
    if not callable(function):
        raise ScenarioError(
            scenario.path,
            f"'{side.callable}' is not a callable",
            "point at a function taking (workspace, ctx).",
            f"{side.name}.callable",
        )
    return function


def _import_file(scenario: Scenario, side: Side, file: Path) -> ModuleType:
    """Import by path under a unique name so two scenarios' `train.py` never collide."""
    digest = hashlib.sha1(str(file).encode()).hexdigest()[:10]
    name = f"aml_parity_scenario_{file.stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ScenarioError(scenario.path, f"cannot import '{file}'", "", f"{side.name}.callable")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.parent))
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:
        raise ScenarioError(
            scenario.path,
            f"importing '{side.callable_file}' failed: {_one_line(exc)}",
            f"install the missing package in the interpreter that runs the {side.name} side "
            f"({sys.executable}), or set '{side.name}.python' to one that has it.",
            f"{side.name}.callable",
        ) from exc
    except (Exception, SystemExit, GeneratorExit) as exc:
        raise ScenarioError(
            scenario.path,
            f"importing '{side.callable_file}' raised {type(exc).__name__}: {_one_line(exc)} "
            f"(at {_user_frame(exc, scenario.folder)})",
            f"fix {side.callable_file} so that it imports cleanly.",
            f"{side.name}.callable",
        ) from exc
    finally:
        sys.path.remove(str(file.parent))
    sys.modules[name] = module
    return module


def _one_line(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception as inner:  # a user exception whose __str__ fails
        return f"(its message could not be read: {type(inner).__name__} in __str__)"
    return text[:400] + ("..." if len(text) > 400 else "")


def _user_frame(exc: BaseException, folder: Path) -> str:
    """The deepest frame in the scenario's own files: where the user should look."""
    frames = traceback.extract_tb(exc.__traceback__)
    folder_text = str(folder.resolve())
    own = [f for f in frames if f.filename.startswith(folder_text)]
    candidates = own or list(frames)
    if not candidates:
        return "unknown location"
    frame = candidates[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"
