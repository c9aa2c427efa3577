"""Declared environments resolve to one requirement set, whatever way they were written."""

from __future__ import annotations

import pytest

from harness.workspace.curated.environments import CuratedEnvironment, catalogue
from harness.workspace.executor.environments import (
    ResolutionError,
    from_conda,
    from_v1_environment,
    from_v2_environment,
)
from harness.workspace.executor.environments.interpreters import choose
from harness.workspace.executor.environments.requirements import normalise

CONDA_YAML = """\
name: project_environment
channels: [conda-forge]
dependencies:
  - python=3.10
  - numpy=1.26
  - pip
  - pip:
      - --extra-index-url https://example.invalid/simple
      - Scikit_Learn==1.5.2
"""


def test_equivalent_specs_written_differently_share_one_key() -> None:
    from_yaml = from_conda(CONDA_YAML)
    from_dict = from_conda({"dependencies": [{"pip": ["numpy==1.26.*", "scikit-learn == 1.5.2"]},
                                             "python=3.10"]})
    assert from_yaml == from_dict
    assert from_yaml.packages == ("numpy==1.26.*", "scikit-learn==1.5.2")
    assert from_yaml.key("3.10.13") == from_dict.key("3.10.13")
    assert any("--extra-index-url" in note for note in from_yaml.notes)


def test_a_changed_pin_changes_the_key() -> None:
    one = from_conda({"dependencies": [{"pip": ["scikit-learn==1.5.2"]}]})
    other = from_conda({"dependencies": [{"pip": ["scikit-learn==1.4.2"]}]})
    assert one.key("3.11.7") != other.key("3.11.7")


def test_conda_names_map_to_pypi_names() -> None:
    resolved = from_conda({"dependencies": ["pytorch=2.2", "py-xgboost==2.0.3", "mkl"]})
    assert resolved.packages == ("torch==2.2.*", "xgboost==2.0.3")
    assert any("'pytorch' installed as 'torch'" in note for note in resolved.notes)


def test_a_conda_only_package_is_an_error_naming_it() -> None:
    with pytest.raises(ResolutionError, match="'cudatoolkit' has no PyPI equivalent"):
        from_conda({"dependencies": ["python=3.9", "cudatoolkit=11.3"]}, where="v2 environment 'x'")


def test_a_package_pinned_twice_differently_is_an_error() -> None:
    with pytest.raises(ResolutionError, match="numpy is asked for twice"):
        from_conda({"dependencies": ["numpy=1.26", {"pip": ["numpy==2.0.0"]}]})


def test_v1_run_configuration_environment() -> None:
    environment = {"name": "iris", "python": {"userManagedDependencies": False,
                   "condaDependencies": {"dependencies": [
                       "python=3.11", {"pip": ["azureml-defaults", "scikit-learn==1.5.2"]}]}},
                   "docker": {"baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04"}}
    resolved = from_v1_environment(environment)
    assert resolved is not None
    assert resolved.python == "3.11"
    assert resolved.packages == ("azureml-defaults", "scikit-learn==1.5.2")
    assert any("adds no Python packages" in note for note in resolved.notes)


def test_v1_user_managed_dependencies_build_nothing() -> None:
    assert from_v1_environment({"python": {"userManagedDependencies": True}}) is None


def test_v2_curated_image_brings_its_packages_and_the_conda_file_overrides_them() -> None:
    properties = {"image": "mcr.microsoft.com/azureml/curated/sklearn-1.5:7",
                  "condaFile": '{"dependencies": [{"pip": ["scikit-learn==1.5.0"]}]}'}
    resolved = from_v2_environment(properties, "sk")
    assert "scikit-learn==1.5.0" in resolved.packages
    assert resolved.python == "3.9"
    assert any("curated" in note for note in resolved.notes)


def test_an_unknown_image_warns_and_builds_the_conda_part() -> None:
    resolved = from_v2_environment({"image": "myregistry.azurecr.io/team/base:3",
                                    "condaFile": "dependencies: [{pip: [six]}]"})
    assert resolved.packages == ("six",)
    assert any("not in the local workspace's image mapping" in text for text in resolved.warnings)


def test_a_python_version_not_installed_is_a_warning_not_a_silent_substitution() -> None:
    chosen = choose("2.5")
    assert chosen.warning is not None and "Python 2.5 was requested" in chosen.warning
    assert choose(None).warning is None


def test_a_missing_patch_release_uses_the_same_minor_with_a_note() -> None:
    chosen = choose("3.10.1")
    assert chosen.version.startswith("3.10.") and chosen.warning is None
    assert chosen.note is not None and "3.10.1 was requested" in chosen.note


def test_an_inference_image_brings_its_python_and_the_scoring_server() -> None:
    resolved = from_v2_environment(
        {"image": "mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest"})
    assert resolved.python == "3.9"
    assert resolved.packages == ("azureml-inference-server-http",)


@pytest.mark.parametrize("environment", catalogue(), ids=lambda e: e.name)
def test_curated_environments_resolve_to_their_package_sets(
        environment: CuratedEnvironment) -> None:
    """A curated reference builds the catalogue's packages; the CUDA 11 one names the conda
    package a virtual environment cannot have."""
    if "cudatoolkit" in " ".join(environment.conda_packages):
        with pytest.raises(ResolutionError, match="'cudatoolkit' has no PyPI equivalent"):
            from_conda(environment.conda, image=environment.image("1"))
        return
    resolved = from_conda(environment.conda, image=environment.image("1"))
    assert resolved.python == environment.python_version
    assert set(resolved.packages) >= {normalise(p, "curated") for p in environment.pip_packages}
    assert not resolved.warnings
