"""Pipeline jobs end to end: DSL and YAML pipelines, data between steps, failure, reuse."""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

PIPELINES = """
    import contextlib, io
    import mlflow
    from azure.ai.ml import Input, Output, command, dsl, load_component, load_job
    from azure.ai.ml.entities import Environment
    from azure.ai.ml.exceptions import JobException
    report = {"errors": {}}
    ml.environments.create_or_update(Environment(name="parity-env", image="python:3.11"))

    prep = command(code="src",
                   command="python prep.py --raw ${{inputs.raw}} --out ${{outputs.out}}",
                   inputs={"raw": Input(type="uri_folder")},
                   outputs={"out": Output(type="uri_folder")},
                   environment="parity-env:1", name="prep")
    train = command(code="src", command="python train.py --data ${{inputs.data}} "
                    "--lr ${{inputs.lr}} --model ${{outputs.model}}",
                    inputs={"data": Input(type="uri_folder"), "lr": 0.1},
                    outputs={"model": Output(type="uri_folder")}, environment="parity-env:1",
                    name="train")
    prep_yaml = load_component("prep.yml")

    @dsl.pipeline(compute="cpu-cluster", description="prep then train")
    def prep_and_train(raw, lr):
        prepared = prep(raw=raw)
        trained = train(data=prepared.outputs.out, lr=lr)
        return {"model": trained.outputs.model}

    @dsl.pipeline(compute="cpu-cluster")
    def failing_pipeline(raw):
        prepared = prep_yaml(raw=raw)
        trained = train(data=prepared.outputs.out, lr=0.1)
        trained.environment_variables = {"PARITY_FAIL": "1"}
        scored = train(data=trained.outputs.model, lr=0.5)
        return {"scored": scored.outputs.model}

    def dsl_job(force_rerun=False):
        job = prep_and_train(raw=Input(type="uri_folder", path="data"), lr=0.2)
        job.settings.force_rerun = force_rerun
        return ml.jobs.create_or_update(job, experiment_name="parity-pipelines")

    def stream(name):
        out = io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stdout(out):
            try:
                ml.jobs.stream(name)
            except JobException as exc:
                report["errors"][name] = str(exc)
        return out.getvalue(), time.monotonic() - started

    def children(name):
        return {c.display_name: {"name": c.name, "status": c.status,
                                 "reused": c.properties.get("azureml.isreused"),
                                 "reused_from": c.properties.get("azureml.reusedrunid")}
                for c in ml.jobs.list(parent_job_name=name)}

    def download(name, output):
        folder = f"downloads/{name}"
        ml.jobs.download(name, output_name=output, download_path=folder)
        return open(f"{folder}/named-outputs/{output}/model.txt").read()

    first = dsl_job()
    report["submitted_status"] = str(first.status)
    from_yaml = ml.jobs.create_or_update(load_job("pipeline.yml"))
    failing = ml.jobs.create_or_update(
        failing_pipeline(raw=Input(type="uri_folder", path="data_failing")),
        experiment_name="parity-pipelines")
    report["stream"], _ = stream(first.name)
    stream(from_yaml.name)
    stream(failing.name)
    again = dsl_job()
    _, report["reuse_seconds"] = stream(again.name)
    forced = dsl_job(force_rerun=True)
    stream(forced.name)

    jobs = {"first": first, "yaml": from_yaml, "failing": failing, "again": again,
            "forced": forced}
    report["names"] = {label: job.name for label, job in jobs.items()}
    report["status"] = {label: str(ml.jobs.get(job.name).status) for label, job in jobs.items()}
    report["children"] = {label: children(job.name) for label, job in jobs.items()}
    report["failed_error"] = ml.jobs._runs_operations.get_run_details(
        failing.name).error.error.message
    report["listed"] = [j.name for j in ml.jobs.list()]
    report["model"] = {"first": download(first.name, "model"),
                       "again": download(again.name, "model"),
                       "yaml": download(from_yaml.name, "final")}

    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    trained = report["children"]["first"]["trained"]["name"]
    run = mlflow.get_run(trained)
    report["mlflow"] = [run.info.status, run.data.metrics]
    report["history"] = [[m.step, m.value] for m in
                         mlflow.tracking.MlflowClient().get_metric_history(trained, "acc")]
    child = ml.jobs.get(trained)
    report["child_get"] = [type(child).__name__, child.status]
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def pipelines(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(PIPELINES, timeout=180)


def test_pipelines_are_accepted_not_started(pipelines: dict[str, Any]) -> None:
    assert pipelines["submitted_status"] == "JobStatus.NOT_STARTED"


def test_dsl_and_yaml_pipelines_complete_with_their_steps(pipelines: dict[str, Any]) -> None:
    assert pipelines["status"]["first"] == "JobStatus.COMPLETED"
    assert pipelines["status"]["yaml"] == "JobStatus.COMPLETED"
    for label in ("first", "yaml"):
        steps = pipelines["children"][label]
        assert set(steps) == {"prepared", "trained"} if label == "first" else {"prep", "train"}
        assert {step["status"] for step in steps.values()} == {"Completed"}
    assert "Execution Summary" in pipelines["stream"]


def test_data_flows_from_prep_to_train_and_out_of_the_pipeline(pipelines: dict[str, Any]
                                                               ) -> None:
    assert pipelines["model"]["first"] == "lr=0.2\nX,Y\n1,2\n3,4\n"
    assert pipelines["model"]["yaml"] == "lr=0.3\nX,Y\n1,2\n3,4\n"


def test_step_metrics_are_read_through_mlflow_on_the_child_run(pipelines: dict[str, Any]
                                                               ) -> None:
    status, metrics = pipelines["mlflow"]
    assert status == "FINISHED"
    assert metrics == {"acc": 0.9}
    assert pipelines["history"] == [[0, 0.8], [1, 0.9]]
    assert pipelines["child_get"] == ["_BaseJob", "Completed"]


def test_steps_are_children_not_top_level_jobs(pipelines: dict[str, Any]) -> None:
    step_names = {step["name"] for steps in pipelines["children"].values()
                  for step in steps.values()}
    assert set(pipelines["names"].values()) <= set(pipelines["listed"])
    assert not step_names & set(pipelines["listed"])


def test_a_failing_step_fails_the_pipeline_and_later_steps_never_start(
        pipelines: dict[str, Any]) -> None:
    assert pipelines["status"]["failing"] == "JobStatus.FAILED"
    steps = pipelines["children"]["failing"]
    assert {name: step["status"] for name, step in steps.items()} == {
        "prepared": "Completed", "trained": "Failed"}
    assert "Failed nodes: /trained" in pipelines["failed_error"]
    assert "Failed nodes: /trained" in pipelines["errors"][pipelines["names"]["failing"]]


def test_the_same_deterministic_pipeline_reuses_every_step(pipelines: dict[str, Any]) -> None:
    first, again = pipelines["children"]["first"], pipelines["children"]["again"]
    assert pipelines["status"]["again"] == "JobStatus.COMPLETED"
    for node in ("prepared", "trained"):
        assert again[node]["reused"] == "true"
        assert again[node]["reused_from"] == first[node]["name"]
        assert first[node]["reused"] == "false"
    assert pipelines["model"]["again"] == pipelines["model"]["first"]
    assert pipelines["reuse_seconds"] < 10


def test_force_rerun_runs_every_step_again(pipelines: dict[str, Any]) -> None:
    assert pipelines["status"]["forced"] == "JobStatus.COMPLETED"
    forced = pipelines["children"]["forced"]
    assert {step["reused"] for step in forced.values()} == {"false"}
    assert {step["status"] for step in forced.values()} == {"Completed"}
