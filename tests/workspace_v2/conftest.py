"""Fixtures for the v2 surface: a local workspace, a project folder, azure-ai-ml subprocesses.

Every check runs the real, unmodified azure-ai-ml in a fresh interpreter with the
workspace's environment applied before any import, from a project folder holding the
training code, data, a job YAML and a model. Scripts report by printing one JSON object
on their last stdout line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import V2_PREAMBLE, Runner, call_records, logged_workspace, run_sdk_script

from harness.workspace.runtime import LocalWorkspace

TRAIN = """
import argparse, os, pathlib
import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float)
parser.add_argument("--data")
parser.add_argument("--out")
args = parser.parse_args()
rows = pathlib.Path(args.data, "rows.csv").read_text().splitlines()
print(f"training with lr={args.lr} on {len(rows) - 1} rows")
for step in range(3):
    mlflow.log_metric("loss", round(1.0 / (step + 1), 4), step=step)
mlflow.log_param("lr", args.lr)
mlflow.set_tag("stage", "dev")
mlflow.log_dict({"lr": args.lr}, "config/params.json")
mlflow.log_text("notes", "notes.txt")
pathlib.Path(args.out, "model.txt").write_text(f"lr={args.lr}\\n")
pathlib.Path("outputs").mkdir(exist_ok=True)
pathlib.Path("outputs", "summary.txt").write_text("done\\n")
if os.environ.get("PARITY_FAIL"):
    raise ValueError("the training data is empty")
"""

JOB_YAML = """
$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
command: python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --out ${{outputs.model}}
code: src
environment: azureml:parity-env:1
compute: azureml:cpu-cluster
experiment_name: parity-v2
display_name: yaml-job
inputs:
  lr: 0.1
  data:
    type: uri_folder
    path: ./data
outputs:
  model:
    type: uri_folder
"""


def _project(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "train.py").write_text(TRAIN)
    (root / "data").mkdir()
    (root / "data" / "rows.csv").write_text("x,y\n1,2\n3,4\n")
    (root / "job.yml").write_text(JOB_YAML)
    (root / "conda.yml").write_text("name: parity\nchannels: [conda-forge]\n"
                                    "dependencies:\n- python=3.11\n- pip\n- pip: [pandas]\n")
    (root / "model_dir").mkdir()
    (root / "model_dir" / "model.pkl").write_bytes(b"weights")
    (root / "single.csv").write_text("a,b\n1,2\n")
    return root


@pytest.fixture(scope="session")
def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A server in a fresh folder for the whole session, logging every call."""
    with logged_workspace(tmp_path_factory.mktemp("local-workspace-v2")) as workspace:
        yield workspace


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project: training code, data, a job YAML, a conda file, a model folder."""
    return _project(tmp_path_factory.mktemp("project"))


RunV2 = Runner


@pytest.fixture(scope="session")
def run_v2(local_workspace: LocalWorkspace, project: Path) -> RunV2:
    """Run azure-ai-ml code (after an MLClient is made as ``ml``) in the project folder."""

    def run(code: str, timeout: float = 120) -> dict[str, Any]:
        return run_sdk_script(code, local_workspace.env(), preamble=V2_PREAMBLE, cwd=project,
                              timeout=timeout)

    return run


@pytest.fixture
def calls(local_workspace: LocalWorkspace) -> Callable[[], list[dict[str, Any]]]:
    """The server's ``--log-calls`` records so far."""

    return lambda: call_records(local_workspace)
