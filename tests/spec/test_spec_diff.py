"""How `diff_specs` reads: dotted paths, set-like lists, ignore patterns."""

from __future__ import annotations

from typing import Any

from harness.spec import diff_specs
from harness.spec.command import v2_tokens


def spec(pip: list[str], command: list[str] | None = None, **job: Any) -> dict[str, Any]:
    environment = {"image": "img", "reference": None, "python": "3.10", "conda": [], "pip": pip}
    return {"job": {"command": command or ["python", "t.py"], "environment": environment, **job}}


def test_added_and_removed_packages_name_each_side() -> None:
    found = diff_specs(spec(["numpy==1.24", "azureml-defaults"]), spec(["numpy==1.24", "mlflow"]))

    assert [(d.path, d.v1, d.v2, d.note) for d in found] == [
        ("job.environment.pip", "azureml-defaults", None, "- azureml-defaults (only in v1)"),
        ("job.environment.pip", None, "mlflow", "+ mlflow (only in v2)"),
    ]


def test_one_package_can_be_ignored_by_name() -> None:
    found = diff_specs(spec(["azureml-defaults"]), spec([]),
                       ignore=["job.environment.pip.azureml-*"])
    assert found == []


def test_inserted_token_is_one_difference_with_index() -> None:
    found = diff_specs(spec([], ["python", "t.py", "--lr", "1"]),
                       spec([], ["python", "t.py", "--fast", "--lr", "1"]))

    assert [(d.path, d.v1, d.v2) for d in found] == [("job.command[2]", None, "--fast")]


def test_section_missing_on_one_side_is_one_difference() -> None:
    found = diff_specs(spec([]), {})
    assert [(d.path, d.v2) for d in found] == [("job", None)]


def test_python_patch_release_is_a_warning() -> None:
    v1, v2 = spec([]), spec([])
    v1["job"]["environment"]["python"] = "3.8.13"
    v2["job"]["environment"]["python"] = "3.8"
    [found] = diff_specs(v1, v2)
    assert (found.path, found.severity) == ("job.environment.python", "warning")


def test_registered_against_inline_environment_is_one_difference() -> None:
    v1, v2 = spec(["numpy"]), spec([])
    v2["job"]["environment"] = {"image": None, "reference": "sk-env:2", "python": None,
                                "conda": [], "pip": []}

    [found] = diff_specs(v1, v2)
    assert (found.path, found.v2, found.severity) == ("job.environment.reference", "sk-env:2",
                                                      "error")
    assert found.v1.startswith("inline: image img")


def test_v2_string_input_is_pasted_unquoted() -> None:
    tokens = v2_tokens("python t.py --name ${{inputs.name}}", {"name": "a b"}, set(), set())
    assert tokens == ["python", "t.py", "--name", "a", "b"]


def test_an_option_is_ignored_by_name_wherever_its_tokens_sit() -> None:
    v1 = spec([], ["python", "t.py", "--model_out", "a/model.pkl", "--lr", "1"])
    v2 = spec([], ["python", "t.py", "--fast", "--model_out", "b/model.pkl", "--lr", "2"])

    found = diff_specs(v1, v2, ignore=["job.command.--model_out", "job.command.--fast"])

    assert [(d.path, d.v1, d.v2, d.note) for d in found] == [
        ("job.command[5]", "1", "2", "value of --lr")
    ]


def test_an_option_written_with_equals_is_ignored_by_its_name() -> None:
    found = diff_specs(spec([], ["python", "t.py", "--seed=1"]),
                       spec([], ["python", "t.py", "--seed=2"]),
                       ignore=["job.command.--seed"])
    assert found == []


def test_option_names_are_real_paths_and_typos_get_the_nearest_ones() -> None:
    from harness.spec.diff import nearest_paths, spec_paths, unused_ignores

    v1 = spec([], ["python", "t.py", "--model_out", "m.pkl"])
    patterns = ["job.command.--model_out", "job.command.--model-out"]

    assert unused_ignores(v1, v1, patterns) == ["job.command.--model-out"]
    assert nearest_paths("job.command.--model-out", spec_paths(v1, v1))[0] == (
        "job.command.--model_out")
