"""v1 environments through azureml-core: register, get by version or latest, list, curated.

azureml-core calls the environment service (``/environment/v1.0/.../environments``); a
registered environment is also a v2 environment version, as on Azure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

ENVIRONMENTS = """
    from azureml.core.conda_dependencies import CondaDependencies
    report = {}
    env = Environment("parity-v1-env")
    env.docker.base_image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04"
    env.python.conda_dependencies = CondaDependencies.create(pip_packages=["scikit-learn"])
    first = env.register(ws)
    again = env.register(ws)
    env.environment_variables = {"ALPHA": "0.5"}
    changed = env.register(ws)
    report["versions"] = [first.version, again.version, changed.version]
    report["latest"] = Environment.get(ws, "parity-v1-env").version
    pinned = Environment.get(ws, "parity-v1-env", version="1")
    report["pinned"] = [pinned.version, pinned.docker.base_image,
                        sorted(pinned.python.conda_dependencies.pip_packages)]
    curated = Environment.get(ws, "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu")
    report["curated"] = [curated.name, curated.version, curated.docker.base_image,
                         "scikit-learn==1.0.2" in curated.python.conda_dependencies.pip_packages]
    report["curated_pinned"] = Environment.get(ws, "azureml-sklearn-1.5", version="3").version
    report["listed"] = sorted(Environment.list(ws))
    run = Experiment(ws, "v1-curated").submit(ScriptRunConfig(
        source_directory=sys.argv[1], script="train.py", arguments=["--alpha", 0.5],
        compute_target="cpu-cluster", environment=curated))
    run.wait_for_completion()
    report["curated_run"] = [run.get_status(), run.get_details()["runDefinition"]["environment"]
                             ["name"]]
    try:
        Environment.get(ws, "no-such-env")
    except Exception as exc:
        report["missing"] = str(exc)
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def environments(run_v1: SdkRunner, code_dir: Path) -> dict[str, Any]:
    return run_v1(ENVIRONMENTS, str(code_dir), timeout=240)


def test_register_versions_only_changed_definitions(environments: dict[str, Any]) -> None:
    assert environments["versions"] == ["1", "1", "2"]
    assert environments["latest"] == "2"


def test_a_registered_version_keeps_its_image_and_packages(
        environments: dict[str, Any]) -> None:
    version, image, pip = environments["pinned"]
    assert (version, image) == ("1", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04")
    assert "scikit-learn" in pip


def test_curated_environments_by_name_any_case_and_version(
        environments: dict[str, Any]) -> None:
    assert environments["curated"] == [
        "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu", "33",
        "mcr.microsoft.com/azureml/curated/sklearn-1.0-ubuntu20.04-py38-cpu:33", True]
    assert environments["curated_pinned"] == "3"


def test_a_run_may_use_a_curated_environment(environments: dict[str, Any]) -> None:
    assert environments["curated_run"] == ["Completed",
                                           "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu"]


def test_list_holds_registered_and_curated_environments(environments: dict[str, Any]) -> None:
    assert {"parity-v1-env", "AzureML-sklearn-1.0-ubuntu20.04-py38-cpu",
            "AzureML-sklearn-1.5"} <= set(environments["listed"])


def test_a_missing_environment_is_a_404(environments: dict[str, Any]) -> None:
    assert "Code: 404" in environments["missing"]
