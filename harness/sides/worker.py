"""Entry point of a side's own process: `python -m harness.sides.worker request.json`.

Each side runs in a fresh interpreter so one SDK's import-time state (cloud
metadata, caches, logging handlers) cannot leak into the other, and so a side
may use its own interpreter. The worker writes either the evidence or a
failure record; the parent never has to parse a traceback.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

from ..scenario import ScenarioError, load_scenario
from .request import SideRequest


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    request = SideRequest.load(Path(args[0]))
    try:
        scenario = load_scenario(Path(request.scenario_file))
        if request.side == "v1":
            from .run_v1 import run_v1 as run
        else:
            from .run_v2 import run_v2 as run
        run(scenario, request).save(request.evidence_file)
    except ScenarioError as exc:
        _fail(request, "scenario", str(exc))
        return 2
    except Exception as exc:  # anything else: the side could not run; keep the details
        message = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
        _fail(request, "side", message, traceback.format_exc())
        return 3
    return 0


def _fail(request: SideRequest, kind: str, message: str, trace: str = "") -> None:
    request.failure_file.parent.mkdir(parents=True, exist_ok=True)
    request.failure_file.write_text(
        json.dumps({"kind": kind, "message": message, "traceback": trace}, indent=2),
        encoding="utf-8",
    )


if __name__ == "__main__":
    raise SystemExit(main())
