"""Two spellings of one dependency are one requirement; two versions are not."""

from __future__ import annotations

import pytest

from harness.spec.requirements import (
    normalise_conda,
    normalise_pip,
    python_version,
    split_conda_environment,
)


def test_pip_names_are_canonical_and_options_dropped() -> None:
    lines = [
        "scikit_learn==1.3.0",
        "--extra-index-url https://example.invalid/simple",
        "--find-links https://example.invalid/wheels",
        "-i https://example.invalid/simple",
        "Pandas[AWS,performance] >=2, <3",
        "scikit-learn == 1.3.0",
    ]
    assert normalise_pip(lines) == ["pandas[aws,performance]<3,>=2", "scikit-learn==1.3.0"]


def test_pip_lines_packaging_cannot_parse_are_kept() -> None:
    assert normalise_pip(["-r requirements.txt", "git+https://example.invalid/x.git"]) == [
        "-r requirements.txt", "git+https://example.invalid/x.git",
    ]


@pytest.mark.parametrize(
    ("spec", "normalised"),
    [
        ("numpy", "numpy"),
        ("conda-forge::numpy", "numpy"),
        ("numpy=1.24", "numpy==1.24.*"),
        ("numpy=1.24.*", "numpy==1.24.*"),
        ("conda-forge::numpy=1.24", "numpy==1.24.*"),
        ("numpy==1.24", "numpy==1.24"),
        ("numpy>=1.24,<2", "numpy>=1.24,<2"),
    ],
)
def test_conda_specs(spec: str, normalised: str) -> None:
    assert normalise_conda(spec) == normalised


@pytest.mark.parametrize(
    ("spec", "version"),
    [("python=3.10", "3.10"), ("python==3.10.*", "3.10"), ("python=3.8.13", "3.8.13"),
     ("python", None)],
)
def test_python_version(spec: str, version: str | None) -> None:
    assert python_version(spec) == version


def test_conda_environment_split() -> None:
    conda = {"dependencies": ["python=3.10", "pip", "conda-forge::numpy=1.24",
                              {"pip": ["scikit_learn==1.3.0", "--index-url https://x"]}]}
    assert split_conda_environment(conda) == {
        "python": "3.10", "conda": ["numpy==1.24.*"], "pip": ["scikit-learn==1.3.0"],
    }
