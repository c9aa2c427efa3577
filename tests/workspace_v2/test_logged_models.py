"""MLflow 3's logged models without HTTP: what log_model and autologging leave behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.workspace.context import WorkspaceContext
from harness.workspace.http import HttpError
from harness.workspace.services.mlflow.logged_models import LoggedModelStore
from harness.workspace.services.mlflow.models import MlflowBackend


@pytest.fixture
def context(tmp_path: Path) -> WorkspaceContext:
    return WorkspaceContext(tmp_path / "ws")


@pytest.fixture
def mlflow(context: WorkspaceContext) -> MlflowBackend:
    return context.backend(MlflowBackend)


@pytest.fixture
def run_id(mlflow: MlflowBackend) -> str:
    experiment = mlflow.create_experiment("exp", {})
    return str(mlflow.create_run(experiment, "fit", None, {})["info"]["run_id"])


def _status_of(caught: pytest.ExceptionInfo[HttpError]) -> int:
    return caught.value.response.status


def test_a_model_starts_pending_under_its_run_and_ends_ready(mlflow: MlflowBackend,
                                                              run_id: str) -> None:
    experiment = mlflow.get_run(run_id)["info"]["experiment_id"]
    model = mlflow.logged_models.create(experiment, "model", source_run_id=run_id,
                                        params={"alpha": "0.1"}, tags={"flavor": "sklearn"})
    assert model["status"] == "LOGGED_MODEL_PENDING"
    assert model["model_id"].startswith("m-")
    assert model["artifact_uri"].endswith(f"/runs/{run_id}/artifacts/models/{model['model_id']}")
    ready = mlflow.logged_models.finalize(model["model_id"], "LOGGED_MODEL_READY")
    assert (ready["status"], ready["params"], ready["tags"]) == (
        "LOGGED_MODEL_READY", {"alpha": "0.1"}, {"flavor": "sklearn"})


def test_a_model_of_an_unknown_run_or_id_is_refused_with_mlflows_404(
        context: WorkspaceContext) -> None:
    models = context.backend(LoggedModelStore)
    with pytest.raises(HttpError) as unknown_run:
        models.create("1", "model", source_run_id="no-such-run")
    with pytest.raises(HttpError) as unknown_model:
        models.get("m-missing")
    assert _status_of(unknown_run) == _status_of(unknown_model) == 404
    assert b"Logged model with ID 'm-missing' not found." in unknown_model.value.response.body


def test_a_metric_logged_with_a_model_id_is_the_runs_and_the_models(mlflow: MlflowBackend,
                                                                     run_id: str) -> None:
    model = mlflow.logged_models.create("1", "model", source_run_id=run_id)
    mlflow.log_metric(run_id, "training_r2_score", 0.97, 1_700_000_000_000, 0,
                      model_id=model["model_id"],
                      dataset={"dataset_name": "train", "dataset_digest": "abc"})
    mlflow.log_metric(run_id, "manual", 1.0, None, 0)
    run_metrics = {m["key"]: m["value"] for m in mlflow.get_run(run_id)["data"]["metrics"]}
    assert run_metrics == {"training_r2_score": 0.97, "manual": 1.0}
    [metric] = mlflow.logged_models.get(model["model_id"])["metrics"]
    assert (metric["key"], metric["value"], metric["dataset_name"], metric["run_id"]) == (
        "training_r2_score", 0.97, "train", run_id)


def test_a_metric_naming_an_unknown_model_is_refused(mlflow: MlflowBackend, run_id: str) -> None:
    with pytest.raises(HttpError) as caught:
        mlflow.log_metric(run_id, "loss", 0.5, None, 0, model_id="m-missing")
    assert _status_of(caught) == 404


def test_changing_a_logged_model_param_is_refused(context: WorkspaceContext) -> None:
    models = context.backend(LoggedModelStore)
    model_id = models.create("1", "model", params={"alpha": "0.1"})["model_id"]
    models.log_params(model_id, {"alpha": "0.1", "l1_ratio": "0.5"})
    with pytest.raises(HttpError) as caught:
        models.log_params(model_id, {"alpha": "0.2"})
    assert _status_of(caught) == 400
    assert models.get(model_id)["params"] == {"alpha": "0.1", "l1_ratio": "0.5"}


def test_tags_are_set_and_deleted_and_deleted_models_are_hidden(
        context: WorkspaceContext) -> None:
    models = context.backend(LoggedModelStore)
    model_id = models.create("1", None, tags={"a": "1"})["model_id"]
    models.set_tags(model_id, {"b": "2"})
    models.delete_tag(model_id, "a")
    assert models.get(model_id)["tags"] == {"b": "2"}
    models.delete(model_id)
    with pytest.raises(HttpError):
        models.get(model_id)
    assert models.get(model_id, allow_deleted=True)["deleted"] is True
    assert models.search(["1"]) == ([], "")


def test_search_filters_orders_and_pages(mlflow: MlflowBackend, run_id: str) -> None:
    models = mlflow.logged_models
    ids = []
    for name, score in (("low", 0.2), ("high", 0.9), ("mid", 0.5)):
        model_id = models.create("1", name, source_run_id=run_id)["model_id"]
        mlflow.log_metric(run_id, "score", score, None, 0, model_id=model_id)
        ids.append(model_id)
    models.create("2", "elsewhere")
    found, _ = models.search(["1"], "metrics.score > 0.3")
    assert sorted(m["name"] for m in found) == ["high", "mid"]
    ordered, _ = models.search(["1"], order_by=[{"field_name": "metrics.score",
                                                 "ascending": False}])
    assert [m["name"] for m in ordered] == ["high", "mid", "low"]
    first, token = models.search(["1"], max_results=2)
    rest, last = models.search(["1"], max_results=2, page_token=token)
    assert (len(first), len(rest), last) == (2, 1, "")
    assert {m["model_id"] for m in first + rest} == set(ids)


def test_a_runs_model_outputs_and_dataset_inputs_show_in_its_view(mlflow: MlflowBackend,
                                                                   run_id: str) -> None:
    model_id = mlflow.logged_models.create("1", "model", source_run_id=run_id)["model_id"]
    mlflow.log_outputs(run_id, [{"model_id": model_id, "step": 0}])
    mlflow.log_outputs(run_id, [{"model_id": model_id, "step": 0}])
    dataset = {"dataset": {"name": "train", "digest": "abc", "source_type": "code"}}
    mlflow.log_inputs(run_id, [dataset], [])
    view = mlflow.get_run(run_id)
    assert view["outputs"] == {"model_outputs": [{"model_id": model_id, "step": 0}]}
    assert view["inputs"] == {"dataset_inputs": [dataset]}
