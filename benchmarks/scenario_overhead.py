"""What a run item costs over running its two training scripts directly with `python`.

Usage: .venv/bin/python benchmarks/scenario_overhead.py [scenario folder]

Measured in one run, on this machine:
  baseline   the v1 and v2 training scripts run directly (v1 with an offline Run, v2 with
             a local MLflow file store), one after the other;
  harness    the scenario's `::run` sides through the local workspace, each side alone
             and then both concurrently as pytest runs them;
and where the extra time goes: SDK imports, the calls each side made (from the
server's call log: submissions, status polls, uploads, downloads) and the job itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.cassettes.plan import SideTargets  # noqa: E402
from harness.checks.base import GatherContext  # noqa: E402
from harness.checks.run import RunCheck  # noqa: E402
from harness.evidence import EvidenceFolder  # noqa: E402
from harness.scenario import load_scenario  # noqa: E402
from harness.sides.launch import run_sides  # noqa: E402
from harness.targets import Target  # noqa: E402
from harness.workspace import runtime  # noqa: E402


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def baseline(folder: Path, scratch: Path) -> dict[str, float]:
    """The scripts as a data scientist runs them on a laptop: no workspace at all."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZUREML_", "MLFLOW_"))}
    env["MLFLOW_TRACKING_URI"] = (scratch / "mlruns").as_uri()
    env["MLFLOW_ALLOW_FILE_STORE"] = "true"
    python = sys.executable
    v1 = next(p for p in (folder / "v1" / "train.py", folder / "src" / "train.py") if p.exists())
    v2 = next(p for p in (folder / "v2" / "train.py", folder / "src" / "train.py") if p.exists())
    return {
        "v1 script": timed([python, v1.name], v1.parent, env),
        "v2 script": timed([python, v2.name], v2.parent, env),
        "import azureml.core": timed([python, "-c", "import azureml.core"], scratch, env),
        "import azure.ai.ml + mlflow": timed(
            [python, "-c", "import azure.ai.ml, mlflow, azure.identity"], scratch, env
        ),
    }


class Sides(RunCheck):
    """The run check, starting only the sides asked for."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels

    def side_labels(self, scenario: object) -> list[str]:
        return self.labels


def harness(folder: Path, scratch: Path) -> tuple[dict[str, float], Counter[str]]:
    scenario = load_scenario(folder / "scenario.yaml")
    calls = scratch / "calls.jsonl"
    started = time.perf_counter()
    workspace = runtime.start(scratch / "workspace", log_calls=calls)
    times = {"workspace start": time.perf_counter() - started}
    target = Target("local", workspace.config_path, workspace.env(), workspace)
    try:
        for label in (["v1"], ["v2"], ["v1", "v2"]):
            started = time.perf_counter()
            context = GatherContext(SideTargets(lambda: target, lambda: target),
                                    EvidenceFolder(scratch, "+".join(label), "run"))
            outcomes = run_sides(scenario, Sides(label), context)
            name = "both sides, concurrently" if len(label) == 2 else f"{label[0]} side alone"
            times[name] = time.perf_counter() - started
            for outcome in outcomes.values():
                if not outcome.done:
                    raise SystemExit(outcome.failure or f"{outcome.label} did not complete")
                times[f"  {name}: {outcome.label} submit->evidence"] = outcome.result.duration_s
    finally:
        target.release()
    kinds: Counter[str] = Counter()
    for line in calls.read_text().splitlines():
        call = json.loads(line)
        kinds[_kind(call)] += 1
    return times, kinds


def _kind(call: dict[str, str]) -> str:
    path, host, method = call["path"], call["host"], call["method"]
    if "blob.core" in host:
        return f"blob {method}"
    if host.startswith("login."):
        return "Azure AD"
    if path.endswith("/details") or ("/jobs/" in path and method == "GET"):
        return "status poll"
    if "/metric" in path or "/mlflow/" in path:
        return "metrics / MLflow"
    if "/artifact" in path or "/content/" in path or "/codes/" in path:
        return "artifacts / snapshots / code"
    return "other control plane"


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "scenarios" / "sklearn-diabetes")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        base = baseline(folder.resolve(), scratch)
        runs, kinds = harness(folder.resolve(), scratch)
    direct = base["v1 script"] + base["v2 script"]
    print(f"scenario: {folder.name}\n")
    print("baseline (direct python)")
    for name, seconds in base.items():
        print(f"  {name:<42} {seconds:6.2f} s")
    print("\nharness (local workspace)")
    for name, seconds in runs.items():
        print(f"  {name:<42} {seconds:6.2f} s")
    both = runs["both sides, concurrently"]
    print("\nratios against the baseline (both scripts, one after the other)")
    print(f"  run item (both sides concurrently) / direct  {both / direct:6.2f}x")
    for side in ("v1", "v2"):
        ratio = runs[f"{side} side alone"] / base[f"{side} script"]
        print(f"  {side} side alone / {side} script                   {ratio:6.2f}x")
    print("\nserver calls made by the three harness runs above")
    for kind, count in kinds.most_common():
        print(f"  {kind:<42} {count:6d}")


if __name__ == "__main__":
    main()
