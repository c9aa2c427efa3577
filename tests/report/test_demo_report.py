"""The demo's HTML report as a stakeholder sees it, after running the demo twice.

A copy of the project runs `aml-parity demo` (the command `make demo` runs) twice over
every bundled scenario. The sides replay the shipped cassettes (`--record-mode=none`)
so the test needs no workspace and fits CI; everything after the sides (verdicts,
Allure results, `allure generate`, history) is the demo's own path. One scenario is
declared faithful although it drifts, so the report has a failure to show.

Headless Chromium then opens every test result, the failing one's differences table and
metric plot, and the Graphs page's trend; screenshots land in reports/report-screenshots.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from report_support import BUNDLED, attachments, copy_scenarios

from harness.report.allure_generate import AllureNotInstalled, find_allure

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = Path(__file__).with_name("report_browser.mjs")
SCREENSHOTS = REPO / "reports" / "report-screenshots"
AML_PARITY = Path(sys.executable).with_name("aml-parity")
#: Declared faithful in the copy although its v2 side scales features v1 does not.
FAILING = "drift-preprocessing"


def _missing() -> str:
    if not CHROMIUM.is_file():
        return "needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)"
    if shutil.which("node") is None:
        return "needs node (apt-get install -y nodejs npm)"
    if not (REPO / "node_modules" / "playwright-core").is_dir():
        return "needs playwright-core and allure from package.json (npm ci at the repo root)"
    try:
        find_allure(REPO)
    except AllureNotInstalled as exc:
        return str(exc)
    return ""


pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "ready")


@dataclass(frozen=True)
class Demo:
    """A project folder after two demo runs, and what each run printed."""

    root: Path
    outputs: tuple[str, ...]

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def results(self) -> dict[str, dict]:
        folder = self.reports / "allure-results"
        return {r["name"]: r for r in (json.loads(p.read_text(encoding="utf-8"))
                                       for p in folder.glob("*-result.json"))}


def _bundled_items() -> set[str]:
    """Every item the bundled scenarios declare: `<scenario>::<evidence>`."""
    from harness.scenario.loader import load_scenario

    return {f"{s.name}::{kind}" for s in map(load_scenario, BUNDLED.glob("*/scenario.yaml"))
            for kind in s.evidence}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The project as a user has it (scenarios, cassettes), the demo run twice (~3 min)."""
    root = tmp_path_factory.mktemp("demo-project")
    copy_scenarios(root, *[p.name for p in BUNDLED.iterdir() if p.is_dir()])
    shutil.copytree(REPO / "cassettes", root / "cassettes")
    scenario = root / "scenarios" / FAILING / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        "expect: {spec: parity, run: drift}", "expect: parity"), encoding="utf-8")
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            [str(AML_PARITY), "demo", "--", "--record-mode=none", "-p", "no:cacheprovider"],
            cwd=root, capture_output=True, text=True, timeout=900, check=False)
        output = done.stdout + done.stderr
        assert done.returncode == 1, output[-4000:]  # the one undeclared drift, nothing else
        assert "HTML report: reports/allure-report/index.html" in output, output[-4000:]
        outputs.append(output)
    assert "(2 runs in its history, reports/allure-history.jsonl)" in outputs[1]
    return Demo(root, tuple(outputs))


@pytest.fixture(scope="module")
def seen(demo: Demo) -> dict:
    """What Chromium shows of the second run's report, served on loopback."""
    links = json.loads((demo.reports / "report-links.json").read_text(encoding="utf-8"))
    plan = {"results": [{"title": title, "id": rid} for title, rid in sorted(links.items())],
            "failing": {"title": f"{FAILING}::run", "id": links[f"{FAILING}::run"],
                        "plot": "train_rmse"}}
    plan_file = demo.reports / "browser-plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    handler = functools.partial(QuietHandler, directory=str(demo.reports / "allure-report"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = subprocess.run(
            ["node", str(SCRIPT), f"http://127.0.0.1:{server.server_address[1]}/index.html",
             str(plan_file), str(SCREENSHOTS)],
            cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The report's requests are not the test's output."""


def _in_order(expected: list[str], shown: list[str]) -> bool:
    """Every top-level step shown, in order (a failure's nested steps come expanded)."""
    remaining = iter(shown)
    return all(any(name == seen for seen in remaining) for name in expected)


def test_the_demo_reports_every_bundled_scenario_with_the_one_failure(demo: Demo) -> None:
    results = demo.results()
    assert set(results) == _bundled_items()
    failed = {name for name, r in results.items() if r["status"] != "passed"}
    assert failed == {f"{FAILING}::run"}
    assert f"{FAILING}::run" in demo.outputs[1] and "DRIFT" in demo.outputs[1]
    for name, result in results.items():
        expect = {label["value"] for label in result["labels"] if label["name"] == "expect"}
        if result["status"] == "passed" and expect != {"broken"}:
            assert _step_statuses(result) <= {"passed"}, f"{name} shows a failed step"


def _step_statuses(result: dict) -> set[str]:
    found = set()
    for step in result.get("steps", []):
        found |= {step["status"]} | _step_statuses(step)
    return found


def test_running_the_demo_twice_keeps_a_history_of_two_runs(demo: Demo) -> None:
    runs = (demo.reports / "allure-history.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(runs) == 2
    assert all(len(json.loads(run)["testResults"]) == len(demo.results()) for run in runs)
    charts = json.loads((demo.reports / "allure-report" / "widgets" / "charts.json")
                        .read_text(encoding="utf-8"))["general"]
    dynamics = next(c for c in charts.values() if c["type"] == "statusDynamics")
    assert [point["statistic"]["failed"] for point in dynamics["data"]] == [1, 1]


def test_every_result_page_shows_its_steps_attachments_and_history(
    demo: Demo, seen: dict
) -> None:
    assert seen["errors"] == []
    results = demo.results()
    assert set(seen["results"]) == set(results)
    for name, result in results.items():
        page = seen["results"][name]
        assert page["status"] == result["status"], name
        assert _in_order([step["name"] for step in result["steps"]], page["steps"]), name
        shown = [row[1] for row in page["attachments"]]
        assert sorted(shown) == sorted(attachments(result)), name
        assert page["attachmentCount"] == len(shown), name
        assert page["history"] == 1, f"{name}: the first run is not in its history"
        assert (SCREENSHOTS / f"{name.replace('::', '--')}.png").stat().st_size > 10_000


def test_the_failing_scenario_shows_its_differences_table_and_metric_plot(seen: dict) -> None:
    failing = seen["failing"]
    assert failing["category"], "the failure is not filed under 'Parity drift'"
    assert "train_rmse" in failing["differences"]
    assert "predictions.csv" in failing["differences"]
    assert failing["plotWidth"] > 100
    assert (SCREENSHOTS / "failing-scenario.png").stat().st_size > 10_000


def test_the_graphs_page_shows_a_trend_of_the_two_runs(seen: dict) -> None:
    labels = seen["trend"]["labels"]
    assert "Latest" in labels, labels
    run_labels = [label for label in labels if label == "Latest" or label.count("/") == 2]
    assert len(run_labels) == 2, labels
    assert (SCREENSHOTS / "trend.png").stat().st_size > 10_000
