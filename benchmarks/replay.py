"""How fast the bundled suite replays from its cassettes, and what the harness adds to vcrpy.

Usage: .venv/bin/python benchmarks/replay.py [--quick]

Measured in one run, on this machine, with no workspace and no network:
  suite         `pytest scenarios -m run --record-mode=none`, seconds per scenario (setup,
                where both sides run) and in total, with `-n 0` and with `-n 2`;
  per side      each side's worker process replaying its cassette with the harness
                (our matchers, scrubbing hooks, persister, unmatched tracking, network
                guard) against the same SDK calls replayed by bare vcrpy (default
                persister and `method`+`uri` matching, on a plain copy of the cassette),
                process start to exit, best of two.
Targets: harness/bare <= 1.2x per side; `-n 2` at least 1.6x faster than `-n 0` on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.cassettes.meta import cassette_path, read_meta  # noqa: E402
from harness.cassettes.persister import load_document  # noqa: E402
from harness.scenario import load_scenario  # noqa: E402
from harness.sides.request import SideRequest  # noqa: E402
from harness.targets import replay_target  # noqa: E402

V2_REPLAY_ENV = {"AZUREML_RUN_POLLING_INTERVAL_MIN": "0", "AZUREML_RUN_POLLING_INTERVAL_MAX": "0"}


def suite(workers: int, scratch: Path) -> tuple[float, dict[str, float]]:
    """Wall time of the replayed suite, and seconds per scenario from the JUnit report."""
    junit = scratch / f"junit-n{workers}.xml"
    command = [sys.executable, "-m", "pytest", "scenarios", "-m", "run", "-q",
               "-p", "no:cacheprovider", "--record-mode=none", f"--junitxml={junit}",
               f"--parity-reports={scratch / f'reports-n{workers}'}", "-n", str(workers)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"replay failed:\n{result.stdout[-3000:]}")
    per = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "").removeprefix("scenarios.").removesuffix(".scenario.yaml")
        per[name] = float(case.get("time", 0))
    return wall, per


def plain_cassette(ours: Path, target: Path) -> str:
    """The same interactions in vcrpy's own format (bodies inline); returns the AAD tenant."""
    import yaml

    document = load_document(ours)
    tenant = ""
    for item in document["interactions"]:
        for part, key in ((item["request"], "body"), (item["response"], "body")):
            body = part.get(key)
            if isinstance(body, dict) and "file" in body:
                raw = gzip.decompress((ours.parent / body["file"]).read_bytes())
                part[key] = {"string": raw} if part is item["response"] else raw
        uri = item["request"]["uri"]
        if "login.microsoftonline.com/" in uri and not tenant:
            tenant = uri.split("/")[3]
    target.write_text(yaml.dump({"version": 1, "interactions": document["interactions"]},
                                Dumper=yaml.CSafeDumper))
    return tenant


def side_env(scratch: Path, label: str, side: str, tenant: str = "") -> dict[str, str]:
    env = replay_target(ROOT).env()
    home = scratch / "homes" / f"{label}-{time.perf_counter_ns()}"
    home.mkdir(parents=True)
    env.update(HOME=str(home), AZURE_CONFIG_DIR=str(home / ".azure"))
    if tenant:
        env["AZURE_TENANT_ID"] = tenant
    if side == "v2":
        env.update(V2_REPLAY_ENV)
    return env


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def per_side(scenario_file: Path, scratch: Path) -> list[tuple[str, float, float]]:
    """(label, harness seconds, bare vcrpy seconds) for each side of one scenario."""
    scenario = load_scenario(scenario_file)
    rows = []
    for label in ("v1", "v2"):
        ours = cassette_path(ROOT / "cassettes", scenario.name, label)
        meta = read_meta(ours)
        plain = scratch / f"{scenario.name}-{label}-plain.yaml"
        tenant = plain_cassette(ours, plain)
        config = replay_target(ROOT).workspace_config(meta)
        times: dict[str, list[float]] = {"harness": [], "bare": []}
        for attempt in range(2):
            for kind in ("harness", "bare"):
                folder = scratch / "sides" / f"{scenario.name}-{label}-{kind}-{attempt}"
                request = SideRequest(str(scenario.path), label, "run", str(config), str(folder),
                                      str(meta["run_token"]), "none",
                                      str(ours if kind == "harness" else plain), label, "replay")
                request_file = request.save(folder / "request.json")
                if kind == "harness":
                    command = [sys.executable, "-m", "harness.sides.worker", str(request_file)]
                    env = side_env(scratch, label, label)
                else:
                    command = [sys.executable, __file__, "--bare-side", str(request_file)]
                    env = side_env(scratch, label, label, tenant)
                env["PYTHONPATH"] = str(ROOT)
                times[kind].append(timed(command, scenario.folder, env))
        rows.append((f"{scenario.name} {label}", min(times["harness"]), min(times["bare"])))
    return rows


def bare_side(request_file: Path) -> None:
    """The side's own SDK calls under plain `vcr.use_cassette`: the floor for a replay."""
    import vcr

    request = SideRequest.load(request_file)
    scenario = load_scenario(Path(request.scenario_file))
    from harness.cassettes.matchers import MATCHERS

    # vcrpy's own matchers cannot replay these sides (`uri`: v1 makes up snapshot ids;
    # `method`+`host` in recorded order: fast-forwarded polls leave copies unasked).
    bare = vcr.VCR(match_on=tuple(MATCHERS))
    for name, matcher in MATCHERS.items():
        bare.register_matcher(name, matcher)
    with bare.use_cassette(request.cassette, record_mode="none"):
        if request.side == "v1":
            from harness.sides.run_v1 import run_v1 as run
        else:
            from harness.sides.run_v2 import run_v2 as run
        run(scenario, request, request.run_token).save(request.folder.evidence_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="per-side comparison on "
                        "sklearn-diabetes only")
    parser.add_argument("--sides-only", action="store_true", help="skip the suite timings")
    parser.add_argument("--bare-side", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_side:
        bare_side(args.bare_side)
        return
    with tempfile.TemporaryDirectory(prefix="aml-parity-replay-") as tmp:
        scratch = Path(tmp)
        report: dict[str, Any] = {"cpus": os.cpu_count(), "load": os.getloadavg()[0]}
        print(f"cores: {report['cpus']}, load average at start: {report['load']:.1f}\n")
        wall0 = wall2 = 0.0
        if not args.sides_only:
            wall0, per0 = suite(0, scratch)
            wall2, _ = suite(2, scratch)
            print("suite replayed with --record-mode=none (seconds, -n 0):")
            for name, seconds in sorted(per0.items()):
                print(f"  {name:<28} {seconds:7.1f}")
            print(f"  {'total (-n 0)':<28} {wall0:7.1f}")
            print(f"  {'total (-n 2)':<28} {wall2:7.1f}   speed-up {wall0 / wall2:.2f}x "
                  "(target >= 1.6x)\n")
        files = sorted((ROOT / "scenarios").glob("*/scenario.yaml"))
        if args.quick:
            files = [ROOT / "scenarios" / "sklearn-diabetes" / "scenario.yaml"]
        rows = []
        for file in files:
            name = file.parent.name
            if cassette_path(ROOT / "cassettes", name, "v1").is_file():
                rows += per_side(file, scratch)
        print("one side replayed, process start to exit (seconds, best of 2):")
        print(f"  {'side':<28} {'harness':>8} {'bare vcrpy':>11} {'ratio':>6}")
        for label, ours, bare in rows:
            print(f"  {label:<28} {ours:8.2f} {bare:11.2f} {ours / bare:6.2f}")
        total_ours, total_bare = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"  {'all sides':<28} {total_ours:8.2f} {total_bare:11.2f} "
              f"{total_ours / total_bare:6.2f}   (target <= 1.2x)")
        print(json.dumps({"suite_n0_s": round(wall0, 1), "suite_n2_s": round(wall2, 1),
                          "harness_over_bare": round(total_ours / total_bare, 3)}))


if __name__ == "__main__":
    main()
