"""Fixtures for v1 pipelines and datasets: a local workspace, step code, SDK subprocesses.

These need azureml-pipeline-core/-steps 1.61 (which bring azureml-dataprep); the project
does not depend on them yet, so every test here skips, saying so, when they are absent.
Like tests/workspace_v1, each check runs the real SDK in a fresh interpreter with the
workspace's environment and reads the JSON object printed on its last stdout line.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import pytest
from sdk_scripts import V1_PREAMBLE, Runner, logged_workspace, run_sdk_script

from harness.workspace.runtime import LocalWorkspace


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

RunSdk = Runner


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def run_sdk() -> RunSdk:
    """Run SDK code (after a preamble giving ``ws``) in a fresh interpreter; its report."""

    def run(code: str, env: dict[str, str], *args: str, timeout: float = 240) -> dict:
        return run_sdk_script(code, env, *args, preamble=V1_PREAMBLE, timeout=timeout)

    return run


@pytest.fixture(scope="session")
def pipelines_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A local workspace of its own for the pipeline and dataset tests."""
    with logged_workspace(tmp_path_factory.mktemp("v1-pipelines-workspace")) as workspace:
        yield workspace


PREP = '''
import argparse, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--out")
parser.add_argument("--rows", type=int, default=3)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.out, "data.csv"), "w") as handle:
    handle.write(",".join(str(i + 1) for i in range(args.rows)))
run = Run.get_context()
run.log("rows", args.rows)
print("prep wrote", args.out, "env", os.environ.get("AZUREML_DATAREFERENCE_prepared"), flush=True)
'''

TRAIN = '''
import argparse, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--data")
args = parser.parse_args()
values = open(os.path.join(args.data, "data.csv")).read().split(",")
run = Run.get_context()
run.log("total", sum(int(v) for v in values))
run.log("parent", run.parent.id)
print("train read", values, flush=True)
'''

FAIL = '''
print("checking the prepared data", flush=True)
raise ValueError("the prepared data is not valid")
'''


@pytest.fixture(scope="session")
def step_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source directory with prep.py, train.py and fail.py."""
    folder = tmp_path_factory.mktemp("v1-pipeline-code")
    (folder / "prep.py").write_text(PREP)
    (folder / "train.py").write_text(TRAIN)
    (folder / "fail.py").write_text(FAIL)
    return folder
