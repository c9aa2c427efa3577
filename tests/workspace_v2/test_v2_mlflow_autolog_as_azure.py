"""As on Azure ML: MLflow 3's logged-models routes answer 404, autolog loses its
post-training metrics, and the side's log names the failed call for the verdict."""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

from harness.compare.mlflow_errors import failed_calls

pytestmark = pytest.mark.workspace

AUTOLOG_AS_AZURE = """
    import contextlib, io
    import mlflow
    from mlflow.tracking import MlflowClient
    from azure.ai.ml import command
    from azure.ai.ml.entities import Environment
    ml.environments.create_or_update(Environment(name="autolog-env", image="python:3.11"))
    job = ml.jobs.create_or_update(command(
        code="autolog", command="python train.py", environment="autolog-env:1",
        compute="cpu-cluster", experiment_name="parity-autolog-as-azure"))
    streamed = io.StringIO()
    with contextlib.redirect_stdout(streamed):
        ml.jobs.stream(job.name)
    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    run = MlflowClient().get_run(job.name)
    print(json.dumps({"status": str(ml.jobs.get(job.name).status), "log": streamed.getvalue(),
                      "metrics": run.data.metrics}))
"""


@pytest.fixture(scope="module")
def as_azure(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(AUTOLOG_AS_AZURE, timeout=240)


def test_the_job_completes_but_loses_its_training_metrics(as_azure: dict[str, Any]) -> None:
    assert as_azure["status"] == "JobStatus.COMPLETED", as_azure["log"]
    assert "training_r2_score" not in as_azure["metrics"], as_azure["metrics"]


def test_the_failed_logged_models_call_is_named_for_the_verdict(
        as_azure: dict[str, Any]) -> None:
    calls = [(c.call, c.status) for c in failed_calls(as_azure["log"])]
    assert any("logged-models" in call and status == "404" for call, status in calls), (
        calls, as_azure["log"][-3000:])
