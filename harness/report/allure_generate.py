"""Build the HTML report with Allure 3 (`allure generate`), keeping history across runs.

Allure 3 keeps history in one JSON-lines file (`historyPath`), appended on every
generate; it lives at `reports/allure-history.jsonl`, outside the report folder, so
regenerating the report never loses it and CI can cache or publish it as one file.
Categories come from the same rules the plugin labels items with.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .allure_results import RESULTS_FOLDER, categories_config

REPORT_FOLDER = "allure-report"
HISTORY_FILE = "allure-history.jsonl"
CONFIG_FILE = "allurerc.json"
REPORT_NAME = "aml-parity: SDK v1 -> v2 parity"


class AllureNotInstalled(Exception):
    """The Allure 3 command line was not found; the message says how to install it."""


@dataclass(frozen=True)
class ReportPaths:
    """Where a report is read from and written to, all under the reports folder."""

    reports: Path

    @property
    def results(self) -> Path:
        return self.reports / RESULTS_FOLDER

    @property
    def output(self) -> Path:
        return self.reports / REPORT_FOLDER

    @property
    def history(self) -> Path:
        return self.reports / HISTORY_FILE

    @property
    def config(self) -> Path:
        return self.reports / CONFIG_FILE


def find_allure(start: Path | None = None) -> Path:
    """`$AML_PARITY_ALLURE`, else node_modules/.bin/allure in this or a parent folder, else PATH."""
    explicit = os.environ.get("AML_PARITY_ALLURE")
    if explicit:
        return Path(explicit)
    here = (start or Path.cwd()).resolve()
    package_root = Path(__file__).resolve().parents[2]
    for folder in (here, *here.parents, package_root):
        candidate = folder / "node_modules" / ".bin" / "allure"
        if candidate.is_file():
            return candidate
    on_path = shutil.which("allure")
    if on_path:
        return Path(on_path)
    raise AllureNotInstalled(
        "the Allure 3 command line is not installed; run `npm ci` at the repository root "
        "(package.json pins allure@3), or set AML_PARITY_ALLURE to its path.")


def write_config(paths: ReportPaths, history_limit: int | None = None) -> Path:
    """The Allure 3 configuration: report name, output, history file and our categories."""
    config: dict[str, object] = {
        "name": REPORT_NAME,
        "output": str(paths.output.resolve()),
        "historyPath": str(paths.history.resolve()),
        "categories": categories_config(),
        "plugins": {"awesome": {"options": {"groupBy": ["epic", "feature", "story"]}}},
    }
    if history_limit:
        config["historyLimit"] = history_limit
    paths.reports.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return paths.config


def generate(
    reports: Path, allure: Path | None = None, history_limit: int | None = None,
    timeout_s: float = 600,
) -> Path:
    """Run `allure generate` on `<reports>/allure-results`; return the report's index.html."""
    paths = ReportPaths(reports)
    if not paths.results.is_dir() or not any(paths.results.glob("*-result.json")):
        raise FileNotFoundError(
            f"no Allure results in {paths.results}; run the scenarios first "
            "(pytest scenarios/ or aml-parity demo).")
    binary = allure or find_allure()
    config = write_config(paths, history_limit)
    if paths.output.exists():
        shutil.rmtree(paths.output)
    command = [str(binary), "generate", str(paths.results.resolve()), "--config", str(config),
               "--output", str(paths.output.resolve())]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                               env={**os.environ, "NO_COLOR": "1"}, check=False)
    index = paths.output / "index.html"
    if completed.returncode != 0 or not index.is_file():
        raise RuntimeError(
            f"`{' '.join(command)}` failed with exit code {completed.returncode}:\n"
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    return index
