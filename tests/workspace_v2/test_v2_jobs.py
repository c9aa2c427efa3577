"""Command jobs end to end: submit, stream, MLflow, download, failure, cancel, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

JOBS = """
    import mlflow
    from mlflow.tracking import MlflowClient
    from azure.ai.ml import Input, Output, command, load_job
    from azure.ai.ml.entities import Environment
    from azure.ai.ml.exceptions import JobException
    report = {"errors": {}}
    ml.environments.create_or_update(Environment(name="parity-env", image="python:3.11"))

    def python_job(**overrides):
        spec = dict(code="src", command="python train.py --lr ${{inputs.lr}} "
                    "--data ${{inputs.data}} --out ${{outputs.model}}",
                    inputs={"lr": 0.25, "data": Input(type="uri_folder", path="data")},
                    outputs={"model": Output(type="uri_folder")},
                    environment="parity-env:1", compute="cpu-cluster",
                    experiment_name="parity-v2")
        spec.update(overrides)
        return ml.jobs.create_or_update(command(**spec))

    started = time.monotonic()
    yaml_job = ml.jobs.create_or_update(load_job("job.yml"))
    py_job = python_job(display_name="python-job")
    failing = python_job(display_name="failing", environment_variables={"PARITY_FAIL": "1"})
    sleeper = python_job(command="sleep 60", code=None, inputs={}, outputs={})
    ml.jobs.begin_cancel(sleeper.name).result()
    report["submitted_status"] = str(yaml_job.status)

    import contextlib, io
    streamed = io.StringIO()
    with contextlib.redirect_stdout(streamed):
        ml.jobs.stream(yaml_job.name)
        ml.jobs.stream(py_job.name)
    report["stream"] = streamed.getvalue()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            ml.jobs.stream(failing.name)
    except JobException as exc:
        report["errors"]["stream"] = str(exc)
    report["elapsed"] = time.monotonic() - started
    report["status"] = {n: str(ml.jobs.get(j.name).status) for n, j in
                        [("yaml", yaml_job), ("python", py_job), ("failing", failing),
                         ("sleeper", sleeper)]}
    details = ml.jobs._runs_operations.get_run_details(failing.name)
    report["failed_error"] = details.error.error.message

    ml.jobs.download(yaml_job.name, download_path="downloads", all=True)
    report["downloaded"] = sorted(os.path.relpath(os.path.join(d, f), "downloads")
                                  for d, _, files in os.walk("downloads") for f in files)
    report["model_txt"] = open("downloads/named-outputs/model/model.txt").read()

    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    run = mlflow.get_run(yaml_job.name)
    report["mlflow"] = [run.info.status, run.data.params, run.data.tags.get("stage"),
                        run.data.metrics]
    report["history"] = [[m.step, m.value]
                         for m in MlflowClient().get_metric_history(yaml_job.name, "loss")]
    found = mlflow.search_runs(
        experiment_names=["parity-v2"], output_format="list",
        filter_string="params.lr = '0.25' and attributes.status = 'FINISHED'")
    report["search"] = sorted(r.info.run_id for r in found)
    report["py_job"] = py_job.name
    report["artifacts"] = sorted(a.path for a in MlflowClient().list_artifacts(yaml_job.name))
    report["listed"] = sorted(j.name for j in ml.jobs.list())
    report["names"] = [yaml_job.name, py_job.name, failing.name, sleeper.name]

    for label, overrides in [("missing_env", {"environment": "no-such-env:1"}),
                             ("missing_compute", {"compute": "no-such-cluster"})]:
        try:
            python_job(**overrides)
        except Exception as exc:
            report["errors"][label] = [type(exc).__name__, str(exc)]
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def jobs(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(JOBS, timeout=150)


def test_jobs_run_to_completion_and_stream_their_log(jobs: dict[str, Any]) -> None:
    assert jobs["status"]["yaml"] == "JobStatus.COMPLETED"
    assert jobs["status"]["python"] == "JobStatus.COMPLETED"
    assert "Streaming user_logs/std_log.txt" in jobs["stream"]
    assert "training with lr=0.1 on 2 rows" in jobs["stream"]
    assert jobs["stream"].count("Execution Summary") == 2


def test_streaming_never_waits_longer_than_the_sdks_polling_needs(jobs: dict[str, Any]) -> None:
    assert jobs["elapsed"] < 30


def test_mlflow_sees_metric_history_params_and_tags(jobs: dict[str, Any]) -> None:
    status, params, stage, metrics = jobs["mlflow"]
    assert (status, params, stage) == ("FINISHED", {"lr": "0.1"}, "dev")
    assert metrics == {"loss": 0.3333}
    assert jobs["history"] == [[0, 1.0], [1, 0.5], [2, 0.3333]]
    assert jobs["search"] == [jobs["py_job"]]


def test_mlflow_artifacts_logged_in_the_job_are_listed(jobs: dict[str, Any]) -> None:
    assert {"config", "notes.txt", "outputs", "user_logs"} <= set(jobs["artifacts"])


def test_download_all_gets_artifacts_logs_and_named_outputs(jobs: dict[str, Any]) -> None:
    assert {"artifacts/outputs/summary.txt", "artifacts/user_logs/std_log.txt",
            "artifacts/config/params.json", "named-outputs/model/model.txt"
            } <= set(jobs["downloaded"])
    assert jobs["model_txt"] == "lr=0.1\n"


def test_failing_script_ends_failed_with_its_exception(jobs: dict[str, Any]) -> None:
    assert jobs["status"]["failing"] == "JobStatus.FAILED"
    assert "ValueError: the training data is empty" in jobs["failed_error"]
    assert "ValueError: the training data is empty" in jobs["errors"]["stream"]


def test_cancel_ends_the_job_canceled(jobs: dict[str, Any]) -> None:
    assert jobs["status"]["sleeper"] == "JobStatus.CANCELED"


def test_jobs_are_listed(jobs: dict[str, Any]) -> None:
    assert set(jobs["names"]) <= set(jobs["listed"])


def test_missing_environment_is_refused_like_azure(jobs: dict[str, Any]) -> None:
    kind, message = jobs["errors"]["missing_env"]
    assert kind == "ResourceNotFoundError"
    assert "environments/no-such-env/versions/1" in message


def test_missing_compute_is_refused_like_azure(jobs: dict[str, Any]) -> None:
    kind, message = jobs["errors"]["missing_compute"]
    assert kind == "HttpResponseError"
    assert "no-such-cluster" in message
