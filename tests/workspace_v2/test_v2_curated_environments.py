"""Curated environments through azure-ai-ml: got by version or label, named by jobs.

azure-ai-ml passes ``azureml:AzureML-...:<n>`` and ``azureml:AzureML-...@latest``
through unresolved, and real Azure accepts that exact body with 201
(shared/real-traffic/command_job_serverless.json).
"""

from __future__ import annotations

from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

CURATED = """
    import contextlib, io
    from azure.ai.ml import command
    report = {}
    latest = ml.environments.get("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", label="latest")
    pinned = ml.environments.get("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", version="33")
    report["latest"] = [latest.name, latest.version, latest.image]
    report["pinned"] = [pinned.version, pinned.image, pinned.conda_file["dependencies"][0]]
    report["any_case"] = ml.environments.get("azureml-sklearn-1.5", label="latest").name
    report["listed"] = [e.name for e in ml.environments.list()]
    jobs = {}
    for key, environment in [
            ("short", "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33"),
            ("latest", "azureml:AzureML-sklearn-1.5@latest")]:
        job = ml.jobs.create_or_update(command(
            code="src", command="python -c 'print(42)'", environment=environment,
            compute="cpu-cluster", experiment_name="parity-curated"))
        jobs[key] = job.name
    with contextlib.redirect_stdout(io.StringIO()):
        for name in jobs.values():
            ml.jobs.stream(name)
    report["jobs"] = {k: [str(ml.jobs.get(n).status), ml.jobs.get(n).environment]
                      for k, n in jobs.items()}
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def curated(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(CURATED, timeout=240)


def test_latest_label_and_pinned_version_of_a_curated_environment(
        curated: dict[str, Any]) -> None:
    name, version, image = curated["latest"]
    assert (name, version) == ("AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", "33")
    assert image == "mcr.microsoft.com/azureml/curated/sklearn-1.0-ubuntu20.04-py38-cpu:33"
    assert curated["pinned"] == [
        "33", "mcr.microsoft.com/azureml/curated/sklearn-1.0-ubuntu20.04-py38-cpu:33",
        "python=3.8"]


def test_curated_names_are_case_insensitive(curated: dict[str, Any]) -> None:
    assert curated["any_case"] == "AzureML-sklearn-1.5"


def test_curated_environments_are_listed_in_the_workspace(curated: dict[str, Any]) -> None:
    assert {"AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", "AzureML-sklearn-1.5",
            "AzureML-minimal-ubuntu22.04-py39-cpu"} <= set(curated["listed"])


def test_jobs_naming_curated_environments_in_short_form_run(curated: dict[str, Any]) -> None:
    assert curated["jobs"] == {
        "short": ["JobStatus.COMPLETED",
                  "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu:33"],
        "latest": ["JobStatus.COMPLETED", "azureml:AzureML-sklearn-1.5@latest"]}
