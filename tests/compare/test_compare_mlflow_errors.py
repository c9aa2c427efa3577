"""Failed MLflow calls in a side's log: warned about, so a metric they lost is not silent."""

from __future__ import annotations

from pathlib import Path

from harness.checks.run import RunEvidence, judge_run
from harness.compare.mlflow_errors import failed_calls, mlflow_errors
from harness.evidence import SideEvidence
from harness.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "sklearn-diabetes" / "scenario.yaml"

CLEAN_LOG = ("fitted under autolog\n"
             "2026/01/01 00:00:00 INFO mlflow.tracking: logged 4 metrics\n")
AUTOLOG_404 = (
    "fitted under autolog\n"
    "2026/01/01 00:00:01 WARNING mlflow.utils.autologging_utils: Encountered unexpected error "
    "during sklearn autologging: API request to endpoint /api/2.0/mlflow/logged-models failed "
    "with error code 404 != 200. Response body: ''\n"
    "2026/01/01 00:00:02 WARNING mlflow.sklearn: Failed to log training dataset information to "
    "MLflow Tracking. Reason: API request to endpoint /api/2.0/mlflow/runs/log-inputs failed "
    "with error code 404 != 200. Response body: ''\n"
    "2026/01/01 00:00:03 WARNING mlflow.utils.autologging_utils: Encountered unexpected error "
    "during sklearn autologging: API request to endpoint /api/2.0/mlflow/logged-models failed "
    "with error code 404 != 200. Response body: ''\n")
LOCAL_NO_ROUTE = (
    "mlflow.exceptions.RestException: RESOURCE_DOES_NOT_EXIST: No route for PATCH "
    "/mlflow/v2.0/subscriptions/0000/resourceGroups/rg/providers/"
    "Microsoft.MachineLearningServices/workspaces/ws/api/2.0/mlflow/logged-models/"
    "m-0123456789abcdef0123456789abcdef on eastus.api.azureml.ms.\n")


def test_a_clean_log_has_no_failed_mlflow_call() -> None:
    assert failed_calls(CLEAN_LOG) == []
    assert mlflow_errors(SideEvidence("v1", logs=CLEAN_LOG),
                         SideEvidence("v2", logs=CLEAN_LOG)) == []


def test_each_failed_call_is_named_once_with_its_status() -> None:
    calls = failed_calls(AUTOLOG_404)
    assert [(c.call, c.status) for c in calls] == [
        ("/api/2.0/mlflow/logged-models", "404"), ("/api/2.0/mlflow/runs/log-inputs", "404")]
    assert calls[0].line == ("API request to endpoint /api/2.0/mlflow/logged-models failed "
                             "with error code 404 != 200. Response body: ''")


def test_the_azure_prefix_and_model_ids_are_dropped_from_the_call() -> None:
    [call] = failed_calls(LOCAL_NO_ROUTE)
    assert (call.call, call.status) == (
        "PATCH /api/2.0/mlflow/logged-models/{model_id}", "RESOURCE_DOES_NOT_EXIST")


def test_a_404_from_mlflow_in_the_v2_log_is_a_warning_naming_the_call() -> None:
    first, second = mlflow_errors(SideEvidence("v1", logs=CLEAN_LOG),
                                  SideEvidence("v2", logs=AUTOLOG_404))
    assert (first.evidence, first.severity, first.path) == (
        "logs", "warning", "mlflow[v2]: /api/2.0/mlflow/logged-models")
    assert first.v1 is None and "logged-models" in str(first.v2)
    assert first.note.startswith(
        "the v2 job's MLflow call /api/2.0/mlflow/logged-models failed (404)")
    assert not first.breaks_parity
    assert second.path == "mlflow[v2]: /api/2.0/mlflow/runs/log-inputs"


def test_the_run_verdict_carries_the_warning_and_still_passes(tmp_path: Path) -> None:
    log = tmp_path / "std_log.txt"
    log.write_text(AUTOLOG_404)
    scenario = load_scenario(SCENARIO)
    evidence = RunEvidence(SideEvidence("v1", status="Completed", logs=CLEAN_LOG),
                           SideEvidence("v2", status="Completed", logs=str(log)))
    verdict, _ = judge_run(scenario, evidence)
    assert [d.path for d in verdict.flagged if d.path.startswith("mlflow[")] == [
        "mlflow[v2]: /api/2.0/mlflow/logged-models", "mlflow[v2]: /api/2.0/mlflow/runs/log-inputs"]
    clean, _ = judge_run(scenario, RunEvidence(SideEvidence("v1", logs=CLEAN_LOG),
                                               SideEvidence("v2", logs=CLEAN_LOG)))
    assert not [d for d in clean.differences if d.path.startswith("mlflow[")]
