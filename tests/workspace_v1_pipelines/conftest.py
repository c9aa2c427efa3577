"""tests/workspace_v1_pipelines: a workspace of its own, the step code, a skip without the SDK.

These need azureml-pipeline-core/-steps 1.61 (which bring azureml-dataprep); the project
does not depend on them yet, so every test here skips, saying so, when they are absent.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from sdk_scripts import V1_PREAMBLE
from v1_step_scripts import STEP_SCRIPTS
from workspace_fixtures import files_fixture, local_workspace_fixture, sdk_runner_fixture


def _missing(distributions: tuple[str, ...]) -> list[str]:
    """Distributions not installed (checked by metadata: importing azureml here is unwanted)."""
    absent = []
    for name in distributions:
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            absent.append(name)
    return absent


MISSING = _missing(("azureml-pipeline-core", "azureml-pipeline-steps", "azureml-dataprep"))
SKIP_REASON = ("v1 pipelines need azureml-pipeline-core==1.61.0 and "
               "azureml-pipeline-steps==1.61.0 (which bring azureml-dataprep), not installed: "
               f"{', '.join(MISSING)}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


local_workspace = local_workspace_fixture("v1-pipelines-workspace")
run_v1 = sdk_runner_fixture(V1_PREAMBLE, timeout=240)
step_code = files_fixture("v1-pipeline-code", STEP_SCRIPTS)
