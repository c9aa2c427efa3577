"""What Allure reads besides test results: the run-level files and the category rules.

(Where the results folder is, and when it is emptied: `allure_folder.py`.)

`environment.properties`, `categories.json` and `executor.json` are Allure 2's result
formats; Allure 3 still reads all three (and `categories.json` is also handed to it as
configuration by `aml-parity report`, which is how Allure 3's own category tree uses it).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from .run_facts import RunFacts

RESULTS_FOLDER = "allure-results"

#: A side that never got to run its code: the workspace, the network or credentials failed.
INFRASTRUCTURE = (
    r"Connection(Error| refused| reset| aborted)|ServiceRequestError|ClientAuthenticationError|"
    r"HTTPS?ConnectionPool|SSLError|certificate verify failed|proxy|Max retries exceeded|"
    r"local workspace|config\.json|HTTP (502|503|504)"
)
BROKEN_RUN = r"run ended|could not run|did not finish within|worker exited|callable .* raised"
DRIFT = r"DRIFT, \d+ difference|expected drift|expected DRIFT|got DRIFT"

#: (name, statuses, message pattern): first match wins, in Allure and in `category_of`.
CATEGORY_RULES: list[tuple[str, list[str], str]] = [
    ("Infrastructure", ["broken", "failed"], INFRASTRUCTURE),
    ("Broken run", ["broken", "failed"], BROKEN_RUN),
    ("Parity drift", ["failed"], DRIFT),
    ("Learned noise", ["passed"], r"learned noise"),
]
CATEGORY_LABEL = "parity_category"


def category_of(outcome: str, text: str) -> str | None:
    """The category an item falls in; also set as a label so Allure 3 can match it exactly."""
    status = {"PASS": "passed", "DRIFT": "failed", "BROKEN": "broken"}.get(outcome, outcome)
    for name, statuses, pattern in CATEGORY_RULES:
        if status in statuses and re.search(pattern, text):
            return name
    return None


def categories_json() -> list[dict[str, Any]]:
    """Allure 2's `categories.json`: the message must match the pattern as a whole."""
    return [
        {"name": name, "matchedStatuses": statuses,
         "messageRegex": rf"[\s\S]*({pattern})[\s\S]*"}
        for name, statuses, pattern in CATEGORY_RULES
    ]


def categories_config() -> list[dict[str, Any]]:
    """Allure 3's `categories` configuration: our label first, the message as a fallback."""
    return [
        {"id": name.lower().replace(" ", "-"), "name": name,
         "matchers": [{"labels": {CATEGORY_LABEL: f"^{name}$"}},
                      {"statuses": statuses, "message": pattern}]}
        for name, statuses, pattern in CATEGORY_RULES
    ]


def write_run_files(folder: Path, facts: RunFacts, build_url: str = "") -> None:
    """environment.properties, categories.json and executor.json, rewritten each session."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "environment.properties").write_text(
        environment_properties(facts), encoding="utf-8"
    )
    (folder / "categories.json").write_text(
        json.dumps(categories_json(), indent=2), encoding="utf-8"
    )
    (folder / "executor.json").write_text(
        json.dumps(executor(build_url), indent=2), encoding="utf-8"
    )


def environment_properties(facts: RunFacts) -> str:
    """Java properties text: `key=value` lines with `=`, `:` and `\\` escaped."""
    lines = []
    for key, value in facts.as_properties().items():
        lines.append(f"{_escape(key, key=True)}={_escape(value)}")
    return "\n".join(lines) + "\n"


def executor(build_url: str = "") -> dict[str, Any]:
    """Who ran the suite: the CI system when one is detected, else this machine."""
    env = os.environ
    if env.get("GITHUB_ACTIONS"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        run = f"{server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env.get('GITHUB_RUN_ID')}"
        return {"name": "GitHub Actions", "type": "github",
                "buildName": env.get("GITHUB_WORKFLOW", ""),
                "buildOrder": env.get("GITHUB_RUN_NUMBER", ""), "buildUrl": run,
                "reportUrl": build_url}
    if env.get("TF_BUILD"):
        run = (f"{env.get('SYSTEM_COLLECTIONURI', '')}{env.get('SYSTEM_TEAMPROJECT', '')}"
               f"/_build/results?buildId={env.get('BUILD_BUILDID', '')}")
        return {"name": "Azure Pipelines", "type": "azure",
                "buildName": env.get("BUILD_DEFINITIONNAME", ""),
                "buildOrder": env.get("BUILD_BUILDID", ""), "buildUrl": run,
                "reportUrl": build_url}
    return {"name": "aml-parity", "type": "local", "buildName": _local_command(),
            "reportUrl": build_url}


def _local_command() -> str:
    """What started this local run, as the user typed it (`aml-parity demo`, `pytest ...`)."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "pytest"
    if program in ("__main__.py", "-c", ""):
        program = "pytest"
    return " ".join([program, *sys.argv[1:]])[:80]


def _escape(text: str, key: bool = False) -> str:
    out = text.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:")
    return out.replace(" ", "\\ ") if key else out
