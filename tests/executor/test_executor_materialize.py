"""Job folders are laid out as on Azure, and commands bind inputs as Azure binds them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from azure.ai.ml import Input, Output, command

from harness.workspace.executor import (
    DataInput,
    LiteralValue,
    format_literal,
    materialize,
    substitute_command,
)


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "store" / "iris"
    folder.mkdir(parents=True)
    (folder / "iris.csv").write_text("a,b\n1,2\n")
    return folder


def test_code_outputs_and_logs_are_in_the_working_folder(tmp_path: Path) -> None:
    code = tmp_path / "src"
    (code / "pkg").mkdir(parents=True)
    (code / "train.py").write_text("print(1)")
    (code / "pkg" / "util.py").write_text("X = 1")

    layout = materialize(tmp_path / "wd", tmp_path / "data", code=code)

    assert (layout.working_dir / "train.py").read_text() == "print(1)"
    assert (layout.working_dir / "pkg" / "util.py").exists()
    assert (layout.working_dir / "outputs").is_dir()
    assert (layout.working_dir / "logs").is_dir()


def test_code_can_come_from_snapshot_entries(tmp_path: Path) -> None:
    entries = [("train.py", b"print(1)"), ("conf/params.yaml", b"lr: 0.1")]
    layout = materialize(tmp_path / "wd", tmp_path / "data", code=entries)

    assert (layout.working_dir / "conf" / "params.yaml").read_bytes() == b"lr: 0.1"


@pytest.mark.parametrize("bad", ["../escape.py", "/etc/passwd", "a/../../b"])
def test_snapshot_entries_cannot_escape_the_job_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="outside the job folder"):
        materialize(tmp_path / "wd", tmp_path / "data", code=[(bad, b"x")])


def test_download_copies_and_ro_mount_links(tmp_path: Path, dataset: Path) -> None:
    layout = materialize(
        tmp_path / "wd",
        tmp_path / "data",
        inputs={
            "copied": DataInput(dataset, mode="download"),
            "linked": DataInput(dataset, mode="ro_mount"),
            "one_file": DataInput(dataset / "iris.csv", mode="download"),
            "direct": DataInput(dataset, mode="direct"),
        },
        outputs=["model"],
    )

    copied, linked = Path(layout.inputs["copied"]), Path(layout.inputs["linked"])
    assert copied.name == "INPUT_copied" and not copied.is_symlink()
    assert (copied / "iris.csv").read_text() == "a,b\n1,2\n"
    assert linked.is_symlink() and os.path.samefile(linked / "iris.csv", dataset / "iris.csv")
    assert Path(layout.inputs["one_file"]).read_text() == "a,b\n1,2\n"
    assert Path(layout.inputs["one_file"]).name == "iris.csv"
    assert layout.inputs["direct"] == str(dataset)
    assert Path(layout.outputs["model"]).is_dir()


def test_literals_are_bound_as_text_and_missing_optionals_are_skipped(tmp_path: Path) -> None:
    layout = materialize(
        tmp_path / "wd",
        tmp_path / "data",
        inputs={"lr": 0.10, "epochs": 3, "shuffle": True, "note": None},
    )

    assert layout.inputs == {"lr": "0.1", "epochs": "3", "shuffle": "True"}


def test_a_missing_input_source_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Input 'data'"):
        materialize(tmp_path / "wd", tmp_path / "d", inputs={"data": DataInput(tmp_path / "x")})


def test_literal_text_matches_what_azure_ai_ml_sends() -> None:
    values: dict[str, LiteralValue] = {
        "lr": 0.10,
        "n": 5,
        "flag": True,
        "big": 1e20,
        "small": 1e-7,
        "name": "a b",
    }
    job = command(
        command="python train.py",
        inputs=dict(values),
        environment="azureml:env:1",
        compute="cpu",
    )
    body = job._to_job()._to_rest_object().as_dict()["properties"]["inputs"]

    assert {name: format_literal(v) for name, v in values.items()} == {
        name: body[name]["value"] for name in values
    }
    assert format_literal(0.10) == "0.1"


def test_bindings_are_replaced_with_values_and_paths() -> None:
    line = substitute_command(
        "python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --out ${{outputs.model}}",
        {"lr": 0.1, "data": "/mnt/INPUT_data"},
        {"model": "/mnt/model"},
    )

    assert line == "python train.py --lr 0.1 --data /mnt/INPUT_data --out /mnt/model"


def test_an_optional_segment_is_kept_only_when_its_inputs_are_given() -> None:
    template = "python t.py $[[--seed ${{inputs.seed}}]] $[[--tag ${{inputs.tag}} --v]] --x"

    assert substitute_command(template, {"seed": 7, "tag": "a"}, {}) == (
        "python t.py --seed 7 --tag a --v --x"
    )
    assert substitute_command(template, {"seed": 7}, {}) == "python t.py --seed 7  --x"
    assert substitute_command(template, {"tag": None}, {}) == "python t.py   --x"


def test_an_optional_segment_needs_every_input_it_names() -> None:
    template = "run $[[--pair ${{inputs.a}} ${{inputs.b}}]]"

    assert substitute_command(template, {"a": 1}, {}) == "run "
    assert substitute_command(template, {"a": 1, "b": 2}, {}) == "run --pair 1 2"


def test_a_required_input_that_is_missing_is_an_error_that_says_how_to_fix_it() -> None:
    with pytest.raises(ValueError, match=r"no input 'data'.*\$\[\["):
        substitute_command("python t.py ${{inputs.data}}", {}, {})


def test_values_are_not_scanned_again_and_other_expressions_are_left_alone() -> None:
    line = substitute_command(
        "echo ${{inputs.text}} ${{search_space.lr}}", {"text": "${{inputs.secret}}"}, {}
    )

    assert line == "echo ${{inputs.secret}} ${{search_space.lr}}"


def test_the_sdk_keeps_the_command_template_for_the_service_to_bind() -> None:
    template = "python t.py --lr ${{inputs.lr}} $[[--opt ${{inputs.opt}}]] --o ${{outputs.m}}"
    job = command(
        command=template,
        inputs={"lr": 0.10, "opt": Input(type="number", optional=True)},
        outputs={"m": Output(type="uri_folder")},
        environment="azureml:env:1",
        compute="cpu",
    )
    rest = job._to_job()._to_rest_object().as_dict()["properties"]

    assert rest["command"] == template
    assert "opt" not in rest["inputs"]
    literal = {name: value["value"] for name, value in rest["inputs"].items()}
    assert substitute_command(rest["command"], literal, {"m": "/o"}) == (
        "python t.py --lr 0.1  --o /o"
    )
