"""The HTML report as a stakeholder sees it: a failing scenario, its table, its metric plot.

Runs a real run item (the local workspace, both SDKs) of a known-bad migration declared
faithful, builds the report with Allure 3, and opens it in headless Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_support import copy_scenarios

from harness.report.allure_generate import AllureNotInstalled, find_allure, generate

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = Path(__file__).with_name("report_browser.mjs")
SCREENSHOT = REPO / "reports" / "report-failing-scenario.png"


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The report's requests are not the test's output."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Run the failing item, build the report, serve it on loopback (browsers block file://)."""
    copy_scenarios(tmp_path, "sklearn-diabetes", "drift-preprocessing")
    scenario = tmp_path / "scenarios" / "drift-preprocessing" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("expect: {spec: parity, run: drift}",
                                                     "expect: parity"))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "scenarios/drift-preprocessing", "-m", "run",
         "-p", "harness.report.plugins", "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    reports = tmp_path / "reports"
    index = generate(reports, allure=find_allure(REPO))
    result_id = json.loads((reports / "report-links.json").read_text())["drift-preprocessing::run"]
    handler = functools.partial(QuietHandler, directory=str(index.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html#{result_id}", reports
    finally:
        server.shutdown()
        server.server_close()


def test_a_failing_scenario_shows_its_differences_and_metric_plot(
    served: tuple[str, Path]
) -> None:
    url, _ = served
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["node", str(SCRIPT), url, str(SCREENSHOT), "drift-preprocessing::run", "train_rmse"],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["failed"] and seen["category"]
    assert "train_rmse" in seen["differences"] and "predictions.csv" in seen["differences"]
    assert seen["plotWidth"] > 100
    assert SCREENSHOT.stat().st_size > 10_000
