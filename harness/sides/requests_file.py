"""The requests an endpoint item sends: files in the scenario, or rows of a sample file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..scenario import Scenario, ScenarioError

DEFAULT_REQUESTS = "requests/*.json"


@dataclass(frozen=True)
class ScoringRequest:
    """A named JSON body, exactly as both sides receive it (before declared rewrites)."""

    name: str
    body: Any

    def text(self) -> str:
        return json.dumps(self.body)


def scenario_requests(scenario: Scenario) -> list[ScoringRequest]:
    """`compare.endpoint.requests` files, else `generate` rows, else `requests/*.json`."""
    rules = scenario.compare.get("endpoint") or {}
    if "generate" in rules:
        return _generated(scenario, rules["generate"])
    pattern = rules.get("requests", DEFAULT_REQUESTS)
    files = sorted(scenario.folder.glob(pattern))
    if not files:
        raise ScenarioError(
            scenario.path,
            f"no request files match '{pattern}' in the scenario folder",
            "add JSON request bodies there, or declare compare.endpoint.generate "
            "{from: sample.csv, count: N}.",
            "compare.endpoint.requests",
        )
    requests = []
    for file in files:
        try:
            requests.append(ScoringRequest(file.stem, json.loads(file.read_text("utf-8"))))
        except ValueError as exc:
            raise ScenarioError(
                scenario.path, f"request file '{file.name}' is not valid JSON ({exc})",
                "fix the file's JSON.", "compare.endpoint.requests",
            ) from exc
    return requests


def _generated(scenario: Scenario, rule: dict[str, Any]) -> list[ScoringRequest]:
    """One single-row `{"data": [[...]]}` request per row of a CSV sample."""
    import pandas as pd

    source = scenario.folder / rule["from"]
    if not source.is_file():
        raise ScenarioError(
            scenario.path, f"sample file '{rule['from']}' not found",
            "point compare.endpoint.generate.from at a CSV in the scenario folder.",
            "compare.endpoint.generate.from",
        )
    frame = pd.read_csv(source).head(int(rule.get("count", 10)))
    return [
        ScoringRequest(f"row-{index}", {"data": [row]})
        for index, row in enumerate(frame.to_numpy().tolist())
    ]


def rewrite_for_v2(body: Any, normalise: list[str]) -> Any:
    """Declared request rewrites: v1 `{"data": ...}` becomes v2 `{"input_data": ...}`."""
    if "data_to_input_data" in normalise and isinstance(body, dict) and "data" in body:
        return {("input_data" if k == "data" else k): v for k, v in body.items()}
    return body
