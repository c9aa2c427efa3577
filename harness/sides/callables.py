"""Import a scenario's `file.py:function` and call it, turning failures into user errors."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

from ..scenario import Scenario, ScenarioError, Side
from .context import SideContext


def call_side(scenario: Scenario, side: Side, handle: Any, ctx: SideContext) -> Any:
    """Call the side's callable with `(workspace_or_client, ctx)` and return its result."""
    assert side.callable is not None
    function = _resolve(scenario, side)
    try:
        return function(handle, ctx)
    except Exception as exc:  # the user's code failed: say where, not where in the SDK
        raise ScenarioError(
            scenario.path,
            f"{side.name} callable '{side.callable}' raised {type(exc).__name__}: "
            f"{_one_line(exc)} (at {_user_frame(exc, scenario.folder)})",
            _fix_for(exc, side, ctx),
            f"{side.name}.callable",
        ) from exc


def _fix_for(exc: Exception, side: Side, ctx: SideContext) -> str:
    if isinstance(exc, ImportError):
        return (
            f"install the missing package in the interpreter that runs the {side.name} side "
            f"({sys.executable}), or set '{side.name}.python' to one that has it."
        )
    if ctx.phase == "spec":
        return (
            "fix the callable; in the spec phase (ctx.phase == 'spec') it gets an offline "
            "handle and must only build and return objects, not call the workspace."
        )
    return "fix the callable (the line above is where it failed)."


def _resolve(scenario: Scenario, side: Side) -> Any:
    file = (scenario.folder / (side.callable_file or "")).resolve()
    module = _import_file(scenario, side, file)
    function = getattr(module, side.callable_function or "", None)
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
    except Exception as exc:
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
    text = " ".join(str(exc).split())
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
