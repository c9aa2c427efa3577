"""Sweep jobs end to end: grid trials, the best trial, a missing primary metric, seeds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

SWEEPS = """
    import contextlib, io
    import mlflow
    from azure.ai.ml import Output, command
    from azure.ai.ml.entities import Environment
    from azure.ai.ml.sweep import BanditPolicy, Choice, RandomSamplingAlgorithm, Uniform
    report = {}
    ml.environments.create_or_update(Environment(name="parity-env", image="python:3.11"))
    trial = command(code="trial", command="python trial.py --lr ${{inputs.lr}} "
                    "--model ${{outputs.model}}", inputs={"lr": 0.1},
                    outputs={"model": Output(type="uri_folder")}, environment="parity-env:1",
                    compute="cpu-cluster", experiment_name="parity-sweeps")

    grid = trial(lr=Choice([0.05, 0.1, 0.9])).sweep(
        sampling_algorithm="grid", primary_metric="acc", goal="maximize",
        early_termination_policy=BanditPolicy(slack_factor=0.1, evaluation_interval=1))
    grid.set_limits(max_total_trials=10, max_concurrent_trials=2)
    grid = ml.jobs.create_or_update(grid)

    def seeded():
        job = trial(lr=Uniform(0.01, 0.4)).sweep(
            sampling_algorithm=RandomSamplingAlgorithm(seed=7), primary_metric="acc",
            goal="minimize")
        job.set_limits(max_total_trials=2, max_concurrent_trials=2)
        return ml.jobs.create_or_update(job)

    seeded_jobs = [seeded(), seeded()]
    try:
        ml.jobs.create_or_update(trial(lr=Uniform(0.0, 1.0)).sweep(
            sampling_algorithm="grid", primary_metric="acc", goal="maximize"))
    except Exception as exc:
        report["grid_uniform"] = [type(exc).__name__, str(exc)]
    with contextlib.redirect_stdout(io.StringIO()):
        for job in [grid, *seeded_jobs]:
            ml.jobs.stream(job.name)

    mlflow.set_tracking_uri(ml.workspaces.get().mlflow_tracking_uri)
    def trials(name):
        return {c.name: {"status": c.status, "hyperparameters": c.tags.get("hyperparameters"),
                         "metrics": mlflow.get_run(c.name).data.metrics}
                for c in ml.jobs.list(parent_job_name=name)}

    done = ml.jobs.get(grid.name)
    report["grid"] = {"name": grid.name, "status": str(done.status), "type": done.type,
                      "properties": dict(done.properties), "trials": trials(grid.name)}
    report["seeded"] = [{"status": str(ml.jobs.get(j.name).status), "trials": trials(j.name),
                         "best": ml.jobs.get(j.name).properties.get("best_child_run_id")}
                        for j in seeded_jobs]
    ml.jobs.download(grid.name, output_name="model", download_path="sweep-download")
    report["best_model"] = open("sweep-download/named-outputs/model/model.txt").read()
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def sweeps(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(SWEEPS, timeout=150)


def test_grid_sweep_runs_one_trial_per_choice(sweeps: dict[str, Any]) -> None:
    grid = sweeps["grid"]
    assert (grid["status"], grid["type"]) == ("JobStatus.COMPLETED", "sweep")
    assert len(grid["trials"]) == 3
    assert {t["status"] for t in grid["trials"].values()} == {"Completed"}
    swept = sorted(json.loads(t["hyperparameters"])["lr"] for t in grid["trials"].values())
    assert swept == [0.05, 0.1, 0.9]
    assert all(name.startswith(grid["name"] + "_") for name in grid["trials"])


def test_the_best_trial_is_picked_by_the_primary_metric(sweeps: dict[str, Any]) -> None:
    grid = sweeps["grid"]
    best = grid["properties"]["best_child_run_id"]
    assert json.loads(grid["trials"][best]["hyperparameters"]) == {"lr": 0.1}
    assert float(grid["properties"]["score"]) == 1.0
    assert grid["properties"]["best_metric_status"] == "Succeeded"
    assert json.loads(grid["properties"]["primary_metric_config"]) == {
        "name": "acc", "goal": "maximize"}
    assert sweeps["best_model"] == "lr=0.1\n"


def test_a_trial_that_never_logs_the_primary_metric_has_none(sweeps: dict[str, Any]) -> None:
    by_lr = {json.loads(t["hyperparameters"])["lr"]: t for t in sweeps["grid"]["trials"].values()}
    assert "acc" not in by_lr[0.9]["metrics"]
    assert by_lr[0.05]["metrics"] == {"acc": 0.95}


def test_random_sampling_with_a_seed_draws_the_same_values(sweeps: dict[str, Any]) -> None:
    draws = [sorted(t["hyperparameters"] for t in job["trials"].values())
             for job in sweeps["seeded"]]
    assert draws[0] == draws[1]
    values = [json.loads(h)["lr"] for h in draws[0]]
    assert len(values) == 2 and all(0.01 <= v <= 0.4 for v in values)
    assert [job["status"] for job in sweeps["seeded"]] == ["JobStatus.COMPLETED"] * 2
    for job in sweeps["seeded"]:
        scores = {name: t["metrics"]["acc"] for name, t in job["trials"].items()}
        assert job["best"] == min(scores, key=lambda name: scores[name])


def test_grid_sampling_of_a_uniform_is_refused_at_submission(sweeps: dict[str, Any]) -> None:
    kind, message = sweeps["grid_uniform"]
    assert kind == "HttpResponseError"
    assert "Grid sampling supports only choice" in message
