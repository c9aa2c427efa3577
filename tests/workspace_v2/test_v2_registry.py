"""A registry client of the real azure-ai-ml: discovered, built, and told what is missing."""

from __future__ import annotations

import requests
from sdk_scripts import SdkRunner

from harness.workspace.runtime import LocalWorkspace


def test_a_registry_client_is_built_and_a_missing_asset_is_a_404(run_v2: SdkRunner) -> None:
    report = run_v2("""
        from azure.core.exceptions import ResourceNotFoundError
        registry = MLClient(DefaultAzureCredential(), registry_name="azureml")
        answers = {}
        for kind, get in (("model", lambda: registry.models.get("no-such-model", version="1")),
                          ("environment", lambda: registry.environments.get(
                              "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", version="1"))):
            try:
                get()
                answers[kind] = "found"
            except ResourceNotFoundError as error:
                answers[kind] = [error.status_code, str(error.message)]
        print(json.dumps({"registry": registry._operation_scope.registry_name, "answers": answers}))
    """)
    assert report["registry"] == "azureml"
    model, environment = report["answers"]["model"], report["answers"]["environment"]
    assert model[0] == environment[0] == 404
    assert "Could not find asset with ID: azureml://registries/azureml/models/no-such-model" \
        in model[1]


def test_registry_discovery_answers_with_region_and_endpoints(
        local_workspace: LocalWorkspace, via_proxy: requests.Session) -> None:
    s = local_workspace.settings
    base = f"https://{s.api_host}/registrymanagement/v1.0/registries"
    found = via_proxy.get(f"{base}/azureml/discovery?api-version=v1.0").json()
    assert found["primaryRegion"] == s.region and found["regions"] == [s.region]
    assert found["primaryRegionResourceProviderUri"] == \
        f"https://cert-{s.region}.experiments.azureml.net/"
    missing = via_proxy.get(f"{base}/nobody/discovery?api-version=v1.0")
    assert missing.status_code == 404
    assert missing.json()["error"]["details"][0]["code"] == "RegistryNotFound"
