"""What building each side's environment costs: cold and warm builds, and per-job overhead.

The baseline, measured first in the same run, is one small scikit-learn job run by the
executor in the harness's own interpreter (what every job did before issue 12). Then:

* job in built env: the same job in the environment built from the declared spec;
* warm lookup:      asking the cache for an environment it already holds (every job after
                    the first with the same spec, in any run or xdist worker);
* uv-cache build:   building a new environment whose wheels uv's cache already holds
                    (a new spec on a machine that has seen the packages);
* cold build:       building with an empty uv cache too (downloads from the registry).

Each is printed in seconds and as a ratio to the baseline. Needs the registry for the
cold build; `--no-cold` skips it. Run: .venv/bin/python benchmarks/environments.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness.workspace.executor import Executor, JobKind, JobSpec
from harness.workspace.executor.environments import EnvironmentCache, from_conda

SPEC = {"dependencies": ["python=3.11",
                         {"pip": ["scikit-learn==1.5.2", "numpy==1.26.4"]}]}
JOB = ("import sklearn, numpy\n"
       "from sklearn.linear_model import Ridge\n"
       "Ridge().fit(numpy.eye(4), numpy.arange(4))\n"
       "print(sklearn.__version__)\n")
REPEAT = 5


def job_seconds(python: Path, folder: Path, repeat: int = REPEAT) -> float:
    """Median wall time of the job run through the executor with ``python``."""
    script = folder / "job.py"
    script.write_text(JOB)
    times = []
    with Executor(max_concurrent=1) as executor:
        for index in range(repeat):
            spec = JobSpec(job_id=f"{python.parent.parent.name}-{index}", kind=JobKind.V2,
                           working_dir=folder, log_path=folder / f"log-{index}.txt",
                           argv=["python", str(script)], python=python)
            started = time.perf_counter()
            executor.submit(spec)
            info = executor.wait(spec.job_id, timeout=120)
            times.append(time.perf_counter() - started)
            if info.exit_code != 0:
                raise SystemExit(f"the job failed in {python}: {info.error}")
    return statistics.median(times)


def build_seconds(root: Path, uv_cache: Path | None) -> tuple[float, EnvironmentCache]:
    previous = os.environ.get("UV_CACHE_DIR")
    if uv_cache is not None:
        os.environ["UV_CACHE_DIR"] = str(uv_cache)
    try:
        cache = EnvironmentCache(root)
        started = time.perf_counter()
        cache.get(from_conda(SPEC))
        return time.perf_counter() - started, cache
    finally:
        if uv_cache is not None:
            if previous is None:
                os.environ.pop("UV_CACHE_DIR")
            else:
                os.environ["UV_CACHE_DIR"] = previous


def main() -> int:
    cold = "--no-cold" not in sys.argv
    with tempfile.TemporaryDirectory(prefix="aml-parity-bench-") as temporary:
        base = Path(temporary)
        (base / "job").mkdir()
        baseline = job_seconds(Path(sys.executable), base / "job")
        rows: list[tuple[str, float]] = [("job in harness interpreter (baseline)", baseline)]
        if cold:
            seconds, _ = build_seconds(base / "cold", base / "uv-cache")
            rows.append(("cold build (empty uv cache)", seconds))
        seconds, cache = build_seconds(base / "envs", None)
        rows.append(("uv-cache build (new environment)", seconds))
        started = time.perf_counter()
        built = cache.get(from_conda(SPEC))
        rows.append(("warm lookup (cached environment)", time.perf_counter() - started))
        rows.append(("job in built environment", job_seconds(built.python, base / "job")))
    print(f"{'':42}{'seconds':>10}{'x baseline':>12}")
    for label, seconds in rows:
        print(f"{label:42}{seconds:10.3f}{seconds / baseline:12.2f}")
    overhead = rows[-1][1] - baseline
    print(f"per-job overhead of the built environment: {overhead * 1000:+.0f} ms "
          f"({rows[-1][1] / baseline:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
