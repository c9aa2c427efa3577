"""As on Azure ML: MLflow 3's logged-models routes answer 404, autolog loses its
post-training metrics, and the side's log names the failed call for the verdict."""

from __future__ import annotations

from typing import Any

import pytest
from mlflow_scripts import AUTOLOG_JOB_RUN
from sdk_scripts import SdkRunner

from harness.compare.mlflow_errors import failed_calls

pytestmark = pytest.mark.workspace

AUTOLOG_AS_AZURE = AUTOLOG_JOB_RUN + """
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
