"""A faithful ScriptRunConfig and its v2 command job have one spec; one change is one error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from azure.ai.ml import Input, Output, PyTorchDistribution, command
from azure.ai.ml.entities import Environment as V2Environment
from azureml.core import Environment, ScriptRunConfig
from azureml.core.environment import DEFAULT_CPU_IMAGE
from azureml.core.runconfig import MpiConfiguration, TensorflowConfiguration
from spec_support import CONDA, IMAGE, job_document, v1_environment, v1_job

from harness.spec import diff_specs, v1_spec, v2_spec


def errors(v1: dict[str, Any], v2: dict[str, Any], **kw: Any) -> list[Any]:
    return [d for d in diff_specs(v1, v2, **kw) if d.severity == "error"]


def test_faithful_yaml_job_has_no_error(scenario: Path, write_job: Any) -> None:
    v1 = v1_spec(v1_job(), scenario)
    v2 = v2_spec(write_job(), scenario)

    assert errors(v1, v2) == []
    assert v1["job"]["command"] == [
        "python", "train.py", "--lr", "0.1", "--epochs", "5",
        "--data", "<inputs.train>", "--out", "<outputs.model>",
    ]
    assert v2["job"]["environment"]["pip"] == ["scikit-learn==1.3.0"]


def test_faithful_command_builder_has_no_error(scenario: Path) -> None:
    job = command(
        code="./src",
        command="python train.py --lr ${{inputs.lr}} --epochs ${{inputs.epochs}} "
                "--data ${{inputs.train}} --out ${{outputs.model}}",
        inputs={"lr": 0.1, "epochs": 5,
                "train": Input(type="uri_folder", path="azureml:train-data:1", mode="ro_mount")},
        outputs={"model": Output(type="uri_folder")},
        environment=V2Environment(image=IMAGE, conda_file=CONDA),
        compute="cpu-cluster",
        instance_count=2,
        distribution=PyTorchDistribution(process_count_per_instance=2),
        environment_variables={"FOO": "bar"},
    )

    assert errors(v1_spec(v1_job(), scenario), v2_spec(job, scenario)) == []


@pytest.mark.parametrize(
    ("change", "path", "v1_value", "v2_value"),
    [
        ({"inputs": {**job_document()["inputs"], "lr": 0.2}}, "job.command[3]", "0.1", "0.2"),
        ({"environment": {"image": "python:3.10-slim", "conda_file": "conda.yml"}},
         "job.environment.image", IMAGE, "python:3.10-slim"),
        ({"resources": {"instance_count": 3}}, "job.instance_count", 2, 3),
        ({"distribution": {"type": "pytorch", "process_count_per_instance": 4}},
         "job.distribution.process_count_per_instance", 2, 4),
        ({"compute": "azureml:gpu-cluster"}, "job.compute", "cpu-cluster", "gpu-cluster"),
        ({"environment_variables": {"FOO": "baz"}}, "job.variables.FOO", "bar", "baz"),
        ({"code": "./other"}, "job.code", "src", "other"),
    ],
    ids=["argument", "image", "instance-count", "process-count", "compute", "env-var", "code"],
)
def test_one_changed_field_is_one_error(scenario: Path, write_job: Any, change: dict[str, Any],
                                        path: str, v1_value: Any, v2_value: Any) -> None:
    (scenario / "other").mkdir()
    v2 = v2_spec(write_job(job_document(**change)), scenario)
    found = errors(v1_spec(v1_job(), scenario), v2)

    assert [(d.path, d.v1, d.v2) for d in found] == [(path, v1_value, v2_value)]


def test_changed_pip_version_is_one_error_naming_both(scenario: Path, write_job: Any) -> None:
    older = {"pip": ["scikit-learn==1.2.2"]}
    conda = {**CONDA, "dependencies": [*CONDA["dependencies"][:3], older]}
    (scenario / "conda2.yml").write_text(yaml.safe_dump(conda))
    document = job_document(environment={"image": IMAGE, "conda_file": "conda2.yml"})

    found = errors(v1_spec(v1_job(), scenario), v2_spec(write_job(document), scenario))

    assert [(d.path, d.v1, d.v2) for d in found] == [
        ("job.environment.pip", "scikit-learn==1.3.0", "scikit-learn==1.2.2")
    ]
    assert found[0].note == "~ scikit-learn==1.3.0 -> scikit-learn==1.2.2"


def test_image_v1_picks_silently_is_compared(scenario: Path, write_job: Any) -> None:
    env = Environment("train-env")  # no base_image set: v1 uses DEFAULT_CPU_IMAGE
    env.python.conda_dependencies = v1_environment().python.conda_dependencies
    latest = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"
    document = job_document(environment={"image": latest, "conda_file": "conda.yml"})

    v2 = v2_spec(write_job(document), scenario)
    found = errors(v1_spec(v1_job(environment=env), scenario), v2)

    assert [(d.path, d.v1, d.v2) for d in found] == [
        ("job.environment.image", DEFAULT_CPU_IMAGE, latest)
    ]


def test_registered_environment_compares_by_reference(scenario: Path, write_job: Any) -> None:
    env = Environment("sklearn-env")
    env.version = "3"  # as Environment.get(ws, "sklearn-env", version="3") returns it

    v1 = v1_spec(v1_job(environment=env), scenario)
    same = v2_spec(write_job(job_document(environment="azureml:sklearn-env:3")), scenario)
    latest = v2_spec(write_job(job_document(environment="azureml:sklearn-env@latest")), scenario)

    assert errors(v1, same) == []
    assert [(d.path, d.v1, d.v2) for d in errors(v1, latest)] == [
        ("job.environment.reference", "sklearn-env:3", "sklearn-env@latest")
    ]


def test_optional_segment_kept_only_when_input_given(scenario: Path, write_job: Any) -> None:
    template = "python train.py $[[--opt ${{inputs.opt}}]] --lr ${{inputs.lr}}"
    without = write_job(job_document(command=template, inputs={"lr": 0.1}))
    with_opt = write_job(job_document(command=template, inputs={"lr": 0.1, "opt": "adam"}))

    assert v2_spec(without, scenario)["job"]["command"] == ["python", "train.py", "--lr", "0.1"]
    assert v2_spec(with_opt, scenario)["job"]["command"] == [
        "python", "train.py", "--opt", "adam", "--lr", "0.1",
    ]


def test_v1_pytorch_total_processes_become_per_instance(scenario: Path) -> None:
    job = v1_spec(v1_job(), scenario)["job"]

    assert job["instance_count"] == 2
    assert job["distribution"] == {"type": "pytorch", "process_count_per_instance": 2}


def test_ignore_patterns_drop_matching_paths(scenario: Path, write_job: Any) -> None:
    document = job_document(compute="azureml:gpu-cluster",
                            environment={"image": "python:3.10-slim", "conda_file": "conda.yml"})
    v1, v2 = v1_spec(v1_job(), scenario), v2_spec(write_job(document), scenario)

    assert [d.path for d in errors(v1, v2, ignore=["job.environment"])] == ["job.compute"]
    assert errors(v1, v2, ignore=["job.environment.*", "job.comp*"]) == []


@pytest.mark.parametrize(
    ("v1_config", "v2_distribution"),
    [
        (MpiConfiguration(process_count_per_node=2, node_count=2),
         {"type": "mpi", "process_count_per_instance": 2}),
        (TensorflowConfiguration(worker_count=2, parameter_server_count=1),
         {"type": "tensorflow", "worker_count": 2, "parameter_server_count": 1}),
    ],
    ids=["mpi", "tensorflow"],
)
def test_mpi_and_tensorflow_distributions_match(scenario: Path, write_job: Any, v1_config: Any,
                                               v2_distribution: dict[str, Any]) -> None:
    src = v1_job()
    rebuilt = ScriptRunConfig(source_directory="src", script="train.py", arguments=src.arguments,
                              compute_target="cpu-cluster", environment=v1_environment(),
                              distributed_job_config=v1_config)
    rebuilt.run_config.environment_variables = {"FOO": "bar"}

    v2 = v2_spec(write_job(job_document(distribution=v2_distribution)), scenario)

    assert errors(v1_spec(rebuilt, scenario), v2) == []


def test_faithful_pair_warns_only_about_what_offline_cannot_know(scenario: Path,
                                                                  write_job: Any) -> None:
    found = diff_specs(v1_spec(v1_job(), scenario), v2_spec(write_job(), scenario))

    assert [(d.path, d.severity) for d in found] == [("job.inputs.train.path", "warning")]
