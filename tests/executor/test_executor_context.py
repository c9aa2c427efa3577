"""The variables a job gets are the ones the SDKs read inside a job."""

from __future__ import annotations

from datetime import datetime, timezone

import jwt
import pytest
from azureml.core.authentication import AzureMLTokenAuthentication
from azureml.mlflow._internal.service_context_loader import _mlflow_env_vars_set
from azureml.mlflow._internal.utils import tracking_uri_decomp

from harness.workspace.executor import (
    JobKind,
    RunScope,
    io_env,
    job_env,
    mlflow_env,
    run_context_env,
    v1_dataset_env,
)

EXPIRY = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
RUN_TOKEN = jwt.encode(
    {"exp": int(EXPIRY.timestamp()), "tid": "tenant"}, "k" * 32, algorithm="HS256"
)


@pytest.fixture
def scope() -> RunScope:
    return RunScope(
        subscription_id="00000000-0000-0000-0000-000000000001",
        resource_group="rg-parity",
        workspace_name="ws-parity",
        experiment_name="train-iris",
        run_id="train-iris_1700000000_abcd1234",
        token=RUN_TOKEN,
        service_endpoint="https://eastus.api.azureml.ms",
        workspace_id="11111111-0000-0000-0000-000000000002",
        experiment_id="22222222-0000-0000-0000-000000000003",
        token_expiry=EXPIRY,
    )


def test_v1_run_context_has_what_run_get_context_requires(scope: RunScope) -> None:
    env = run_context_env(scope)

    assert env == {
        "AZUREML_ARM_SUBSCRIPTION": scope.subscription_id,
        "AZUREML_ARM_RESOURCEGROUP": "rg-parity",
        "AZUREML_ARM_WORKSPACE_NAME": "ws-parity",
        "AZUREML_ARM_PROJECT_NAME": "train-iris",
        "AZUREML_RUN_ID": scope.run_id,
        "AZUREML_RUN_TOKEN": RUN_TOKEN,
        "AZUREML_RUN_TOKEN_EXPIRY": str(int(EXPIRY.timestamp())),
        "AZUREML_SERVICE_ENDPOINT": "https://eastus.api.azureml.ms",
        "AZUREML_DISCOVERY_SERVICE_ENDPOINT": "https://eastus.api.azureml.ms/discovery",
        "AZUREML_WORKSPACE_ID": scope.workspace_id,
        "AZUREML_EXPERIMENT_ID": scope.experiment_id,
    }


def test_azureml_core_reads_back_the_token_and_its_expiry(
    scope: RunScope, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in run_context_env(scope).items():
        monkeypatch.setenv(name, value)

    token, expiry = AzureMLTokenAuthentication._get_initial_token_and_expiry()
    when = AzureMLTokenAuthentication._convert_to_datetime(expiry)

    assert token == scope.token
    assert when.timestamp() == EXPIRY.timestamp()


def test_mlflow_uses_the_in_job_path_for_this_workspace(
    scope: RunScope, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = mlflow_env(scope)
    monkeypatch.delenv("MLFLOW_EXPERIMENT_ID", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert env["MLFLOW_TRACKING_URI"] == (
        "azureml://eastus.api.azureml.ms/mlflow/v1.0/subscriptions/"
        "00000000-0000-0000-0000-000000000001/resourceGroups/rg-parity/providers/"
        "Microsoft.MachineLearningServices/workspaces/ws-parity"
    )
    assert _mlflow_env_vars_set()
    parsed = tracking_uri_decomp(env["MLFLOW_TRACKING_URI"], False)
    assert (parsed["sub-id"], parsed["res-grp"], parsed["ws-name"]) == (
        scope.subscription_id,
        "rg-parity",
        "ws-parity",
    )


def test_a_local_endpoint_keeps_its_port_in_the_tracking_uri(scope: RunScope) -> None:
    local = RunScope(**{**scope.__dict__, "service_endpoint": "https://127.0.0.1:8443/"})

    assert mlflow_env(local)["MLFLOW_TRACKING_URI"].startswith("azureml://127.0.0.1:8443/mlflow/")
    assert run_context_env(local)["AZUREML_SERVICE_ENDPOINT"] == "https://127.0.0.1:8443"


def test_v2_jobs_get_v1_context_mlflow_and_data_paths_and_network_wins(scope: RunScope) -> None:
    env = job_env(
        scope,
        JobKind.V2,
        inputs={"training_data": "/wd/INPUT_training_data"},
        outputs={"model": "/wd/model"},
        network={"HTTPS_PROXY": "http://127.0.0.1:9", "AZUREML_SERVICE_ENDPOINT": "https://x"},
    )

    assert env["AZURE_ML_INPUT_training_data"] == "/wd/INPUT_training_data"
    assert env["AZURE_ML_OUTPUT_model"] == "/wd/model"
    assert env["AZUREML_RUN_ID"] == env["MLFLOW_RUN_ID"] == scope.run_id
    assert env["HTTPS_PROXY"] == "http://127.0.0.1:9"
    assert env["AZUREML_SERVICE_ENDPOINT"] == "https://x"


def test_v1_jobs_get_no_v2_data_variables(scope: RunScope) -> None:
    env = job_env(scope, JobKind.V1, inputs={"x": "/p"}, outputs={"y": "/q"})

    assert not [name for name in env if name.startswith("AZURE_ML_")]
    assert "MLFLOW_TRACKING_URI" in env


def test_io_env_keeps_names_as_declared() -> None:
    assert io_env({"Train_Data": "/a"}, {}) == {"AZURE_ML_INPUT_Train_Data": "/a"}


def test_v1_dataset_variables_follow_what_input_datasets_parses() -> None:
    inputs = {"iris": ("/mnt/iris", "mount"), "raw": ("ds-id", "direct")}
    env = v1_dataset_env(inputs, {"out": "/o"})

    assert env == {
        "iris": "/mnt/iris",
        "raw": "ds-id",
        "AZUREML_DATASET_ENVIRONMENT_VARS": "iris:mount,raw:direct",
        "out": "/o",
        "AZUREML_DATASET_FILE_OUTPUTS": "out",
    }
    with pytest.raises(ValueError, match="unknown mode 'ro_mount'"):
        v1_dataset_env({"x": ("/p", "ro_mount")}, {})
