"""A real MLflow client against the local workspace: artifacts down again, pyfunc models.

``mlflow.artifacts.download_artifacts`` goes through azureml-mlflow's artifact repository
(the run's artifact service routes). ``mlflow.pyfunc.log_model`` in MLflow 3 first creates
a logged model, which Azure ML answers 404 (so does this workspace by default).
"""

from __future__ import annotations

from typing import Any

import pytest
from mlflow_scripts import MLFLOW_ON_WORKSPACE
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

ARTIFACTS = MLFLOW_ON_WORKSPACE + """
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
    whole = mlflow.artifacts.download_artifacts(run_id=run_id, dst_path="down-all")
    report["whole"] = sorted(str(p.relative_to(whole)) for p in pathlib.Path(whole).rglob("*")
                             if p.is_file())
    sub = mlflow.artifacts.download_artifacts(artifact_uri=f"runs:/{run_id}/folder/sub",
                                              dst_path="down-uri")
    report["by_uri"] = sorted(p.name for p in pathlib.Path(sub).rglob("*") if p.is_file())
    artifact_uri = mlflow.get_run(run_id).info.artifact_uri
    report["artifact_uri"] = artifact_uri
    direct = mlflow.artifacts.download_artifacts(artifact_uri=artifact_uri + "/notes.txt",
                                                 dst_path="down-direct")
    report["direct"] = pathlib.Path(direct).read_text()
    try:
        mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="missing.txt",
                                            dst_path="down-missing")
        report["missing"] = "downloaded"
    except Exception as exc:
        report["missing"] = [str(exc), getattr(exc, "error_code", "")]
    from azure.ai.ml import command
    ml.environments.create_or_update(Environment(name="artifacts-env", image="python:3.11"))
    job = ml.jobs.create_or_update(command(
        command="mkdir -p outputs && echo done > outputs/summary.txt",
        environment="artifacts-env:1", compute="cpu-cluster",
        experiment_name="parity-mlflow-artifacts"))
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()):
        ml.jobs.stream(job.name)
    summary = mlflow.artifacts.download_artifacts(run_id=job.name,
                                                  artifact_path="outputs/summary.txt",
                                                  dst_path="down-job")
    report["job_output"] = pathlib.Path(summary).read_text()
    if report["log_model"][0] == "ok":
        loaded = mlflow.pyfunc.load_model(report["log_model"][1])
        report["prediction"] = loaded.predict([1, 2])
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def artifacts(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(ARTIFACTS, "parity-mlflow-artifacts", timeout=240)


def test_download_artifacts_brings_back_a_file(artifacts: dict[str, Any]) -> None:
    assert artifacts["file"] == "notes"


def test_download_artifacts_brings_back_a_folder(artifacts: dict[str, Any]) -> None:
    assert artifacts["folder"] == ["a.txt", "sub/b.txt"]
    assert artifacts["folder_b"] == "beta"


def test_download_artifacts_of_the_whole_run_and_by_runs_uri(
        artifacts: dict[str, Any]) -> None:
    assert {"notes.txt", "folder/a.txt", "folder/sub/b.txt"} <= set(artifacts["whole"])
    assert artifacts["by_uri"] == ["b.txt"]


def test_download_artifacts_by_the_runs_azureml_artifact_uri(artifacts: dict[str, Any]) -> None:
    assert artifacts["direct"] == "notes"


def test_a_missing_artifact_is_mlflows_resource_does_not_exist(
        artifacts: dict[str, Any]) -> None:
    message, code = artifacts["missing"]
    assert "Failed to download artifacts from path 'missing.txt'" in message
    assert code == "RESOURCE_DOES_NOT_EXIST"


def test_download_artifacts_of_a_jobs_outputs(artifacts: dict[str, Any]) -> None:
    assert artifacts["job_output"] == "done\n"


def test_pyfunc_log_model_fails_as_on_azure_by_default(artifacts: dict[str, Any]) -> None:
    outcome, detail = artifacts["log_model"]
    assert outcome == "error", detail
    assert "404" in detail or "logged-models" in detail or "NOT_FOUND" in detail, detail
