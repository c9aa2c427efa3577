"""A real MLflow client against the local workspace: artifacts down again, pyfunc models.

``mlflow.artifacts.download_artifacts`` goes through azureml-mlflow's artifact repository
(the run's artifact service routes). ``mlflow.pyfunc.log_model`` in MLflow 3 first creates
a logged model, which Azure ML answers 404 (so does this workspace by default).
"""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

ARTIFACTS = """
    import pathlib
    import mlflow
    import mlflow.pyfunc
    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    mlflow.set_experiment("parity-mlflow-artifacts")

    class Doubler(mlflow.pyfunc.PythonModel):
        def predict(self, context, model_input, params=None):
            return [2 * x for x in model_input]

    report = {}
    pathlib.Path("to-log/sub").mkdir(parents=True, exist_ok=True)
    pathlib.Path("to-log/a.txt").write_text("alpha")
    pathlib.Path("to-log/sub/b.txt").write_text("beta")
    with mlflow.start_run() as run:
        mlflow.log_text("notes", "notes.txt")
        mlflow.log_artifacts("to-log", artifact_path="folder")
        try:
            info = mlflow.pyfunc.log_model(name="doubler", python_model=Doubler())
            report["log_model"] = ["ok", info.model_uri]
        except Exception as exc:
            report["log_model"] = ["error", f"{type(exc).__name__}: {exc}"]
    run_id = run.info.run_id
    one = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="notes.txt",
                                              dst_path="down-one")
    report["file"] = pathlib.Path(one).read_text()
    folder = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="folder",
                                                 dst_path="down-folder")
    report["folder"] = sorted(str(p.relative_to(folder)) for p in pathlib.Path(folder).rglob("*")
                              if p.is_file())
    report["folder_b"] = pathlib.Path(folder, "sub", "b.txt").read_text()
    if report["log_model"][0] == "ok":
        loaded = mlflow.pyfunc.load_model(report["log_model"][1])
        report["prediction"] = loaded.predict([1, 2])
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def artifacts(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(ARTIFACTS, timeout=240)


def test_download_artifacts_brings_back_a_file(artifacts: dict[str, Any]) -> None:
    assert artifacts["file"] == "notes"


def test_download_artifacts_brings_back_a_folder(artifacts: dict[str, Any]) -> None:
    assert artifacts["folder"] == ["a.txt", "sub/b.txt"]
    assert artifacts["folder_b"] == "beta"


def test_pyfunc_log_model_fails_as_on_azure_by_default(artifacts: dict[str, Any]) -> None:
    outcome, detail = artifacts["log_model"]
    assert outcome == "error", detail
    assert "404" in detail or "logged-models" in detail or "NOT_FOUND" in detail, detail
