"""Environments, models and data through azure-ai-ml 1.35, answered like Azure answers."""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

ASSETS = """
    from azure.ai.ml.entities import Data, Environment, Model
    from azure.core.exceptions import ResourceNotFoundError
    report = {}
    env = ml.environments.create_or_update(
        Environment(name="conda-env", image="python:3.11", conda_file="conda.yml"))
    got = ml.environments.get("conda-env", version=env.version)
    report["env"] = [env.version, got.image, got.conda_file]
    again = ml.environments.create_or_update(Environment(name="conda-env", image="python:3.12"))
    report["env_next"] = [again.version, ml.environments.get("conda-env", label="latest").version]
    model = ml.models.create_or_update(
        Model(name="parity-model", path="model_dir", tags={"team": "parity"},
              properties={"source": "test"}))
    fetched = ml.models.get("parity-model", version=model.version)
    report["model"] = [model.version, fetched.tags, fetched.properties, fetched.type,
                       fetched.path]
    ml.models.download("parity-model", model.version, download_path="downloaded")
    report["model_file"] = open("downloaded/parity-model/model_dir/model.pkl", "rb").read().decode()
    report["model_versions"] = [m.version for m in ml.models.list("parity-model")]
    try:
        ml.models.get("no-such-model", version="1")
    except ResourceNotFoundError as exc:
        report["missing_model"] = str(exc)
    file_asset = ml.data.create_or_update(Data(name="rows-file", path="single.csv",
                                               type="uri_file"))
    folder_asset = ml.data.create_or_update(Data(name="rows-folder", path="data",
                                                 type="uri_folder"))
    report["data"] = [[d.name, d.version, d.type, d.path]
                      for d in (ml.data.get("rows-file", version="1"),
                                ml.data.get("rows-folder", version="1"))]
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def assets(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(ASSETS)


def test_environment_keeps_image_and_conda_file(assets: dict[str, Any]) -> None:
    version, image, conda = assets["env"]
    assert (version, image) == ("1", "python:3.11")
    assert conda["dependencies"][-1] == {"pip": ["pandas"]}


def test_changed_environment_without_version_gets_the_next_version(
        assets: dict[str, Any]) -> None:
    assert assets["env_next"] == ["2", "2"]


def test_model_from_a_local_folder_is_uploaded_registered_and_downloadable(
        assets: dict[str, Any]) -> None:
    version, tags, properties, kind, path = assets["model"]
    assert (version, tags, properties, kind) == ("1", {"team": "parity"}, {"source": "test"},
                                                 "custom_model")
    assert path.startswith("azureml://subscriptions/00000000-0000-0000-0000-000000000000/"
                           "resourceGroups/parity-rg/workspaces/parity-ws/datastores/"
                           "workspaceblobstore/paths/LocalUpload/")
    assert assets["model_file"] == "weights"
    assert assets["model_versions"] == ["1"]


def test_missing_model_is_azures_404(assets: dict[str, Any]) -> None:
    assert "Could not find asset with ID" in assets["missing_model"]


def test_data_assets_of_both_uri_types(assets: dict[str, Any]) -> None:
    (file_name, file_version, file_type, file_path), folder = assets["data"]
    assert (file_name, file_version, file_type) == ("rows-file", "1", "uri_file")
    assert file_path.endswith("/single.csv")
    assert "/resourcegroups/parity-rg/workspaces/parity-ws/datastores/workspaceblobstore/" \
        in file_path
    assert folder[:3] == ["rows-folder", "1", "uri_folder"]
