"""``mlflow.sklearn.autolog()`` in a v2 command job: MLflow 3's logged models and their metrics.

Azure ML answers the logged-models routes 404 and so does the local workspace by default
(test_v2_mlflow_autolog_as_azure.py); this module's workspace serves them
(`mlflow_logged_models`), as a future Azure may.
"""

from __future__ import annotations

from typing import Any

import pytest
from mlflow_scripts import AUTOLOG_JOB_RUN
from sdk_scripts import V2_PREAMBLE, SdkRunner
from workspace_fixtures import local_workspace_fixture, sdk_runner_fixture

from harness.compare.mlflow_errors import failed_calls

pytestmark = pytest.mark.workspace

local_workspace = local_workspace_fixture("local-workspace-logged-models",
                                          settings={"mlflow_logged_models": True})
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=120, in_project=True)

AUTOLOG_JOB = AUTOLOG_JOB_RUN + """
    report = {"status": str(ml.jobs.get(job.name).status), "log": streamed.getvalue(),
              "job": job.name}
    report["metrics"] = run.data.metrics
    report["params"] = run.data.params
    experiment_id = run.info.experiment_id
    models = client.search_logged_models(experiment_ids=[experiment_id])
    report["models"] = [[m.name, m.source_run_id, str(m.status), m.metrics and
                         sorted(x.key for x in m.metrics)] for m in models]
    from pathlib import Path
    from harness.compare.mlflow_errors import failed_calls
    from harness.sides.run_v2 import collect_v2
    evidence = collect_v2(ml, job.name, Path("autolog-evidence"), 0.0, "")
    report["evidence_metrics"] = {k: [s.kind, s.values] for k, s in evidence.metrics.items()}
    report["evidence_failed_calls"] = [c.call for c in failed_calls(evidence.log_text())]
    report["evidence_log_read"] = "fitted under autolog" in evidence.log_text()
    if models:
        loaded = mlflow.sklearn.load_model(f"models:/{models[0].model_id}")
        report["prediction"] = float(loaded.predict([[10.0]])[0])
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def autolog(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(AUTOLOG_JOB, timeout=240)


def test_autolog_job_completes_without_mlflow_errors(autolog: dict[str, Any]) -> None:
    assert autolog["status"] == "JobStatus.COMPLETED", autolog["log"]
    assert "fitted under autolog" in autolog["log"]
    assert failed_calls(autolog["log"]) == [], autolog["log"]


def test_autolog_training_metrics_reach_the_run(autolog: dict[str, Any]) -> None:
    assert {"training_score", "training_r2_score", "training_mean_squared_error"
            } <= set(autolog["metrics"]), autolog["log"]
    assert autolog["metrics"]["training_r2_score"] == pytest.approx(1.0)


def test_autolog_metrics_reach_the_sides_evidence_like_logged_ones(
        autolog: dict[str, Any]) -> None:
    kind, values = autolog["evidence_metrics"]["training_r2_score"]
    assert (kind, values) == ("number", [pytest.approx(1.0)])
    assert autolog["evidence_log_read"] and autolog["evidence_failed_calls"] == []


def test_autolog_params_reach_the_run(autolog: dict[str, Any]) -> None:
    assert autolog["params"].get("fit_intercept") == "True"


def test_autolog_model_is_a_logged_model_of_the_run_that_loads(autolog: dict[str, Any]) -> None:
    [(name, source_run, status, metric_keys)] = autolog["models"]
    assert (name, source_run, status) == ("model", autolog["job"], "READY")
    assert "training_r2_score" in metric_keys
    assert autolog["prediction"] == pytest.approx(21.0)
