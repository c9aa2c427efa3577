"""``mlflow.pyfunc.log_model`` where the workspace serves MLflow 3's logged models.

With ``mlflow_logged_models`` on, the model is created, its files land under its source
run's ``models/<model id>/``, and both ``models:/`` and ``runs:/`` downloads find them.
"""

from __future__ import annotations

from typing import Any

import pytest
from mlflow_scripts import MLFLOW_ON_WORKSPACE
from sdk_scripts import V2_PREAMBLE, SdkRunner
from workspace_fixtures import local_workspace_fixture, sdk_runner_fixture

pytestmark = pytest.mark.workspace

local_workspace = local_workspace_fixture("local-workspace-pyfunc-models",
                                          settings={"mlflow_logged_models": True})
run_v2 = sdk_runner_fixture(V2_PREAMBLE, timeout=120, in_project=True)

PYFUNC = MLFLOW_ON_WORKSPACE + """
    with mlflow.start_run() as run:
        info = mlflow.pyfunc.log_model(name="doubler", python_model=Doubler())
    report["model"] = [info.model_uri, info.run_id == run.info.run_id]
    report["prediction"] = mlflow.pyfunc.load_model(info.model_uri).predict([1, 2])
    local = mlflow.artifacts.download_artifacts(artifact_uri=info.model_uri, dst_path="by-model")
    report["by_model"] = sorted(p.name for p in pathlib.Path(local).iterdir())
    in_run = mlflow.artifacts.download_artifacts(
        run_id=run.info.run_id, artifact_path=f"models/{info.model_id}/MLmodel",
        dst_path="by-run")
    report["mlmodel_names_the_model"] = info.model_id in pathlib.Path(in_run).read_text()
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def pyfunc(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(PYFUNC, "parity-pyfunc", timeout=240)


def test_log_model_succeeds_and_the_model_predicts(pyfunc: dict[str, Any]) -> None:
    uri, same_run = pyfunc["model"]
    assert uri.startswith("models:/m-") and same_run
    assert pyfunc["prediction"] == [2, 4]


def test_the_models_files_download_by_model_uri_and_from_its_run(
        pyfunc: dict[str, Any]) -> None:
    assert {"MLmodel", "python_model.pkl"} <= set(pyfunc["by_model"])
    assert pyfunc["mlmodel_names_the_model"]
