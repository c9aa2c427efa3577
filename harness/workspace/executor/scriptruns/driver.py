"""Run a v1 job's script as Azure ML's driver does, then flush what the run still holds.

On Azure the user script runs inside a context manager that flushes the run's pending
metrics and uploads when the script ends; azureml-core queues ``run.log`` calls and only
posts them in batches, so without that flush a short script's metrics are lost. This
file is that wrapper: ``python driver.py <script> [args...]``. It never changes the SDK;
it calls the public ``Run.flush()`` after the script, whatever its outcome.
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback


def _flush_run() -> None:
    if "azureml.core" not in sys.modules:
        return
    try:
        from azureml.core import Run

        Run.get_context().flush()
    except Exception:
        traceback.print_exc()


def main() -> int:
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        user = [f for f in frames if os.path.abspath(f.filename) != os.path.abspath(__file__)
                and "runpy" not in os.path.basename(f.filename)]
        print("Traceback (most recent call last):", file=sys.stderr)
        print("".join(traceback.format_list(user)), end="", file=sys.stderr)
        print("".join(traceback.format_exception_only(type(exc), exc)), end="",
              file=sys.stderr)
        code = 1
    finally:
        _flush_run()
    return code


if __name__ == "__main__":
    sys.exit(main())
