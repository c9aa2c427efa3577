"""The v2 backends without HTTP: asset versions, MLflow views and search filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.workspace.context import WorkspaceContext
from harness.workspace.http import HttpError
from harness.workspace.services.assets.models import AssetBackend, kind_of
from harness.workspace.services.mlflow.models import MlflowBackend
from harness.workspace.services.runhistory.models import RunStore


@pytest.fixture
def context(tmp_path: Path) -> WorkspaceContext:
    return WorkspaceContext(tmp_path / "ws")


def test_model_versions_of_an_unknown_model_are_a_404_but_code_lists_are_empty(
        context: WorkspaceContext) -> None:
    assets = context.backend(AssetBackend)
    with pytest.raises(HttpError) as caught:
        assets.list_versions(kind_of("models"), "nothing")
    assert caught.value.response.status == 404
    assert assets.list_versions(kind_of("codes"), "nothing", content_hash="abc") == []


def test_container_tracks_latest_and_next_version(context: WorkspaceContext) -> None:
    assets = context.backend(AssetBackend)
    data = kind_of("data")
    for version in ("1", "2"):
        assets.put_version(data, "rows", version, {
            "dataType": "uri_file", "dataUri": f"azureml://datastores/workspaceblobstore/paths/{version}.csv"})
    container = assets.container(data, "rows")["properties"]
    assert (container["latestVersion"], container["nextVersion"]) == ("2", "3")


def test_an_existing_version_cannot_be_repointed(context: WorkspaceContext) -> None:
    assets = context.backend(AssetBackend)
    env = kind_of("environments")
    assets.put_version(env, "e", "1", {"image": "python:3.11"})
    assets.put_version(env, "e", "1", {"image": "python:3.11", "description": "ok"})
    with pytest.raises(HttpError) as caught:
        assets.put_version(env, "e", "1", {"image": "python:3.12"})
    assert caught.value.response.status == 409


def test_mlflow_run_shows_status_params_and_latest_metric(context: WorkspaceContext) -> None:
    mlflow = context.backend(MlflowBackend)
    experiment = mlflow.create_experiment("exp", {})
    run = mlflow.create_run(experiment, "first", None, {"team": "parity"})
    run_id = run["info"]["run_id"]
    mlflow.log_params(run_id, {"lr": "0.1"})
    for step, value in enumerate((0.9, 0.5)):
        mlflow.log_metric(run_id, "loss", value, None, step)
    mlflow.update_run(run_id, "FINISHED", 1_700_000_000_000, None)
    view = mlflow.get_run(run_id)
    assert view["info"]["status"] == "FINISHED"
    assert view["data"]["params"] == [{"key": "lr", "value": "0.1"}]
    assert [m["value"] for m in view["data"]["metrics"]] == [0.5]
    assert [m["step"] for m in mlflow.metric_history(run_id, "loss")] == [0, 1]
    assert context.backend(RunStore).get_run(run_id)["status"] == "Completed"


@pytest.mark.parametrize(("text", "found"), [
    ("params.lr = '0.1'", True), ("metrics.loss < 0.6", True), ("metrics.loss > 0.6", False),
    ("tags.team = 'parity' and attributes.status = 'RUNNING'", True),
    ("attributes.run_name LIKE 'fir%'", True),
])
def test_search_filters(context: WorkspaceContext, text: str, found: bool) -> None:
    mlflow = context.backend(MlflowBackend)
    experiment = mlflow.create_experiment("exp", {})
    run_id = mlflow.create_run(experiment, "first", None, {"team": "parity"})["info"]["run_id"]
    mlflow.log_params(run_id, {"lr": "0.1"})
    mlflow.log_metric(run_id, "loss", 0.5, None, 0)
    assert bool(mlflow.search_runs([experiment], text, [], 10)) is found


def test_changing_a_logged_param_is_refused_as_mlflow_does(context: WorkspaceContext) -> None:
    mlflow = context.backend(MlflowBackend)
    run_id = mlflow.create_run(mlflow.create_experiment("exp", {}), None, None, {})["info"][
        "run_id"]
    mlflow.log_params(run_id, {"lr": "0.1"})
    with pytest.raises(HttpError) as caught:
        mlflow.log_params(run_id, {"lr": "0.2"})
    assert b"INVALID_PARAMETER_VALUE" in caught.value.response.body
