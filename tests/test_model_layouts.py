"""A score script that opens the other model layout is told which layout it met."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.sides.model_layout import DeployedModel, layout_hint

ROOT = Path(__file__).resolve().parents[1]
MISSING = ("FileNotFoundError: [Errno 2] No such file or directory: "
           "'/var/azureml-app/azureml-models/sk-model/1/{}'")


def test_a_folder_model_opened_as_a_file_names_the_folder() -> None:
    hint = layout_hint(MISSING.format("model.pkl"), [DeployedModel("model", folder=True)])
    assert "opened $AZUREML_MODEL_DIR/model.pkl, where a model registered from a file" in hint
    assert "registered from the folder `model/`" in hint
    assert "$AZUREML_MODEL_DIR/model/" in hint and "docs/model-layouts.md" in hint


def test_a_file_model_opened_inside_a_folder_names_the_file() -> None:
    hint = layout_hint(MISSING.format("model/model.pkl"),
                       [DeployedModel("model.pkl", folder=False)])
    assert "where a model registered from a folder keeps its files" in hint
    assert "so it is $AZUREML_MODEL_DIR/model.pkl" in hint


def test_several_v1_models_make_the_model_dir_their_root() -> None:
    error = ("No such file or directory: '/var/azureml-app/azureml-models/model.pkl'")
    hint = layout_hint(error, [DeployedModel("model.pkl", False), DeployedModel("enc", True)])
    assert "with 2 models" in hint and "Model.get_model_path" in hint


@pytest.mark.parametrize("error", [
    "No such file or directory: '/app/data/lookup.csv'",  # not a model path
    MISSING.format("model/model.pkl"),  # the right layout: something else is missing
    "ValueError: bad input",
])
def test_other_errors_get_no_layout_sentence(error: str) -> None:
    assert layout_hint(error, [DeployedModel("model", folder=True)]) == ""


def test_the_model_dir_bug_replay_names_the_layout(pytester: pytest.Pytester) -> None:
    for name in ("endpoint-model-dir-bug", "endpoint-sklearn"):
        shutil.copytree(ROOT / "scenarios" / name, pytester.path / "scenarios" / name)
    shutil.copytree(ROOT / "cassettes" / "endpoint-model-dir-bug",
                    pytester.path / "cassettes" / "endpoint-model-dir-bug")
    result = pytester.runpytest_subprocess("scenarios/endpoint-model-dir-bug", "-m", "endpoint",
                                           "--record-mode=none", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)  # expect: broken, and broken it is
    [verdict] = json.loads((pytester.path / "reports" / "verdicts.json").read_text())
    assert "registered from the folder `model/`" in verdict["error"], verdict["error"]


def test_a_v1_models_entry_is_a_path_and_a_name_is_refused_saying_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.scenario import ScenarioError
    from harness.sides.context import SideContext
    from harness.sides.deploy_v1 import _registered

    monkeypatch.chdir(tmp_path)
    ctx = SideContext("s", "v1", tmp_path, "endpoint")
    with pytest.raises(ScenarioError) as raised:
        _registered(None, ctx, "sk-model", tmp_path / "scenario.yaml")
    message = str(raised.value)
    assert "'sk-model' is not a file or folder" in message
    assert "never a model name" in message and "Model(ws, name='sk-model')" in message
