"""An endpoint's failed request names the scoring script's exception, not the server's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.compare.responses import compare_responses
from harness.compare.scoring_log import cause_note, scoring_exceptions
from harness.evidence import EndpointEvidence, Response

ROOT = Path(__file__).resolve().parents[2]
LOG = """\
2026-12-04 12:18:56,509 I [7] azmlinfsrv - POST /score 500
2026-12-04 12:18:56,519 E [7] azmlinfsrv - Encountered Exception: Traceback (most recent call last):
  File "/v/azureml_inference_server_http/server/user_script.py", line 132, in invoke_run
    run_output = self._wrapped_user_run(**run_parameters, request_headers=dict(request.headers))
  File "/var/azureml-app/src/score.py", line 21, in run
    rows = json.loads(raw_data)["input_data"]
KeyError: 'input_data'

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/v/azureml_inference_server_http/server/routes.py", line 222, in handle_score
azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception
2026-12-04 12:18:57,001 E [7] azmlinfsrv - Encountered Exception: Traceback (most recent call last):
  File "/var/azureml-app/src/score.py", line 21, in run
KeyError: 'input_data'
"""
GENERIC = "An unexpected error occurred in scoring script. Check the logs for more info."


def test_the_users_exception_is_read_once_from_the_log() -> None:
    assert scoring_exceptions(LOG) == ["KeyError: 'input_data'"]
    assert cause_note(LOG, "v2") == "v2 scoring log: KeyError: 'input_data'"
    assert cause_note("2026-12-04 I [1] azmlinfsrv - POST /score 200\n", "v2") == ""


def test_a_status_difference_puts_the_scoring_log_exception_first() -> None:
    v1 = EndpointEvidence("v1", status="Succeeded",
                          responses=[Response("one", "sdk", 200, [1.0])])
    v2 = EndpointEvidence("v2", status="Succeeded", logs=LOG,
                          responses=[Response("one", "sdk", 500, None, error=GENERIC)])
    [found] = compare_responses(v1, v2)
    assert found.path == "one.status"
    assert found.note.startswith("v2 scoring log: KeyError: 'input_data'; An unexpected")


def test_a_live_endpoint_drift_names_the_scoring_scripts_exception(
    pytester: pytest.Pytester,
) -> None:
    for name in ("endpoint-input-data", "endpoint-sklearn"):
        shutil.copytree(ROOT / "scenarios" / name, pytester.path / "scenarios" / name)
    scenario = pytester.path / "scenarios" / "endpoint-input-data" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("    normalise: [data_to_input_data]\n", ""))

    result = pytester.runpytest_subprocess("scenarios/endpoint-input-data", "-m", "endpoint",
                                           "--record-mode=all", "-p", "no:cacheprovider")

    result.assert_outcomes(failed=1)
    [verdict] = json.loads((pytester.path / "reports" / "verdicts.json").read_text())
    notes = [d["note"] for d in verdict["differences"] if d["path"].endswith(".status")]
    assert notes and all(n.startswith("v2 scoring log: KeyError: 'input_data'") for n in notes)
