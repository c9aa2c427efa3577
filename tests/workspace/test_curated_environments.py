"""The curated catalogue and how the asset backend answers with it, without HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.workspace.context import WorkspaceContext
from harness.workspace.curated import environments as catalogue
from harness.workspace.http import HttpError
from harness.workspace.services.assets.models import AssetBackend, kind_of
from harness.workspace.services.environments.models import EnvironmentDefinitions


@pytest.fixture
def assets(tmp_path: Path) -> AssetBackend:
    return WorkspaceContext(tmp_path / "ws").backend(AssetBackend)


def test_the_catalogue_names_package_sets_for_a_build() -> None:
    sklearn = catalogue.find("azureml-sklearn-1.0-ubuntu20.04-py38-cpu")
    assert sklearn is not None
    assert sklearn.python_version == "3.8"
    assert "scikit-learn==1.0.2" in sklearn.pip_packages
    assert "- python=3.8" in sklearn.conda_yaml()
    assert {"AzureML-sklearn-1.5", "AzureML-minimal-ubuntu22.04-py39-cpu",
            "AzureML-tensorflow-2.16-cuda12"} <= {e.name for e in catalogue.catalogue()}


def test_registry_names_and_aliases_find_the_same_environment() -> None:
    alias = catalogue.find("AzureML-sklearn-1.5-ubuntu22.04-py39-cpu")
    assert catalogue.find("sklearn-1.5") is alias is not None


@pytest.mark.parametrize("reference", [
    "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33",
    "azureml:azureml-SKLEARN-1.0-ubuntu20.04-py38-cpu@latest",
    "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33",
])
def test_a_job_may_name_a_curated_environment_in_short_form(assets: AssetBackend,
                                                             reference: str) -> None:
    version = assets.resolve(reference)
    assert version["name"] == "33"
    assert version["properties"]["environmentType"] == "Curated"


def test_short_form_of_a_workspace_environment_is_still_refused(assets: AssetBackend) -> None:
    with pytest.raises(HttpError) as caught:
        assets.resolve("azureml:my-env:1")
    assert caught.value.response.status == 400
    assert b"only curated environments" in caught.value.response.body


def test_a_curated_version_beyond_the_latest_is_a_404(assets: AssetBackend) -> None:
    with pytest.raises(HttpError) as caught:
        assets.resolve("azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:999")
    assert caught.value.response.status == 404


def test_a_v1_registration_follows_v2_versions_and_shows_in_v2(assets: AssetBackend) -> None:
    environments = kind_of("environments")
    assets.put_version(environments, "shared", "1", {"image": "python:3.11"})
    definitions = assets.context.backend(EnvironmentDefinitions)
    registered = definitions.register("shared", None, {
        "Name": "shared", "Docker": {"baseImage": "python:3.12"},
        "python": {"condaDependencies": {"dependencies": ["python=3.12"]}}})
    assert registered["version"] == "2"
    assert assets.get_version(environments, "shared", "2")["properties"]["image"] == "python:3.12"


def test_a_v1_registration_may_not_take_a_curated_name(assets: AssetBackend) -> None:
    definitions = assets.context.backend(EnvironmentDefinitions)
    with pytest.raises(HttpError) as caught:
        definitions.register("AzureML-mine", None, {"Name": "AzureML-mine"})
    assert caught.value.response.status == 400
