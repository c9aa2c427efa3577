"""The same number written differently is a warning in numeric mode, and never silently equal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spec_support import job_document, v1_job

from harness.spec import diff_specs, v1_spec, v2_spec


def command_job(write_job: Any, lr: object) -> Any:
    inputs = {**job_document()["inputs"], "lr": lr}
    return write_job(job_document(inputs=inputs))


def argv(v1: dict[str, Any], v2: dict[str, Any], **kw: Any) -> list[Any]:
    """Differences in the command line only (the dataset path warning is not the subject here)."""
    return [d for d in diff_specs(v1, v2, **kw) if d.path.startswith("job.command")]


def v1_with_lr(lr: object) -> Any:
    src = v1_job()
    src.arguments[1] = lr
    return src


def test_yaml_float_is_sent_as_python_renders_it(scenario: Path, write_job: Any) -> None:
    """YAML `lr: 0.10` is a float, the SDK sends str(0.1): the v2 token is `0.1`."""
    write_job()
    text = (scenario / "job.yml").read_text().replace("lr: 0.1", "lr: 0.10")
    job = write_job(text=text)

    assert v2_spec(job, scenario)["job"]["command"][3] == "0.1"


@pytest.mark.parametrize(
    ("v1_lr", "v2_lr"),
    [("0.10", 0.1), (0.001, "1e-3"), ("1E-3", 0.001)],
    ids=["trailing-zero", "exponent-v2", "exponent-v1"],
)
def test_same_number_other_text_is_a_warning(scenario: Path, write_job: Any, v1_lr: object,
                                             v2_lr: object) -> None:
    v1 = v1_spec(v1_with_lr(v1_lr), scenario)
    v2 = v2_spec(command_job(write_job, v2_lr), scenario)

    [found] = argv(v1, v2)
    assert (found.path, found.severity) == ("job.command[3]", "warning")
    assert "same number" in found.note


def test_numbers_as_text_makes_it_an_error(scenario: Path, write_job: Any) -> None:
    v1 = v1_spec(v1_with_lr("0.10"), scenario)
    v2 = v2_spec(command_job(write_job, 0.1), scenario)

    [found] = argv(v1, v2, numbers="text")
    assert (found.path, found.v1, found.v2, found.severity) == ("job.command[3]", "0.10", "0.1",
                                                                "error")


def test_int_against_float_text_stays_an_error(scenario: Path, write_job: Any) -> None:
    """`argparse` with `type=int` accepts "1" and rejects "1.0": not the same argument."""
    v1 = v1_spec(v1_with_lr(1), scenario)
    v2 = v2_spec(command_job(write_job, 1.0), scenario)

    [found] = argv(v1, v2)
    assert (found.v1, found.v2, found.severity) == ("1", "1.0", "error")
    assert "int" in found.note


def test_different_numbers_are_errors(scenario: Path, write_job: Any) -> None:
    [found] = argv(v1_spec(v1_with_lr(0.1), scenario),
                   v2_spec(command_job(write_job, 0.01), scenario))
    assert found.severity == "error"


def test_v1_booleans_render_like_v2_literals(scenario: Path, write_job: Any) -> None:
    """Both SDKs print a Python bool as `True`: v1 in the run definition, v2 via str()."""
    v1 = v1_spec(v1_with_lr(True), scenario)
    v2 = v2_spec(command_job(write_job, True), scenario)

    assert v1["job"]["command"][3] == v2["job"]["command"][3] == "True"


def test_unknown_numbers_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="numbers must be one of"):
        diff_specs({}, {}, numbers="fuzzy")
