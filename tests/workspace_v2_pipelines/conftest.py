"""Fixtures for v2 pipelines and sweeps: a local workspace, a project, azure-ai-ml scripts.

As in ``tests/workspace_v2``, every check runs the real, unmodified azure-ai-ml in a fresh
interpreter with the workspace's environment, from a project folder holding step
scripts, component and pipeline YAML, and data. Scripts report by printing one JSON
object on their last stdout line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import V2_PREAMBLE, Runner, logged_workspace, run_sdk_script

from harness.workspace.runtime import LocalWorkspace

PREP = """
import argparse, pathlib
import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--raw")
parser.add_argument("--out")
args = parser.parse_args()
rows = pathlib.Path(args.raw, "rows.csv").read_text().splitlines()
pathlib.Path(args.out, "clean.csv").write_text("\\n".join(r.upper() for r in rows) + "\\n")
mlflow.log_metric("rows", len(rows) - 1)
print(f"prepared {len(rows) - 1} rows")
"""

TRAIN = """
import argparse, os, pathlib
import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--data")
parser.add_argument("--lr", type=float)
parser.add_argument("--model")
args = parser.parse_args()
if os.environ.get("PARITY_FAIL"):
    raise ValueError("the learning rate diverged")
clean = pathlib.Path(args.data, "clean.csv").read_text()
pathlib.Path(args.model, "model.txt").write_text(f"lr={args.lr}\\n{clean}")
for step in range(2):
    mlflow.log_metric("acc", round(1 - abs(args.lr - 0.1) - 0.1 * (1 - step), 4), step=step)
print(f"trained with lr={args.lr}")
"""

TRIAL = """
import argparse, pathlib
import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float)
parser.add_argument("--model")
args = parser.parse_args()
pathlib.Path(args.model, "model.txt").write_text(f"lr={args.lr}\\n")
if args.lr < 0.5:  # the biggest learning rate never reports: Azure shows N/A
    mlflow.log_metric("acc", round(1 - abs(args.lr - 0.1), 4))
"""

PREP_COMPONENT = """
$schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
name: prep_data
version: "1"
display_name: Prepare data
type: command
inputs:
  raw:
    type: uri_folder
outputs:
  out:
    type: uri_folder
code: ./src
environment: azureml:parity-env:1
command: python prep.py --raw ${{inputs.raw}} --out ${{outputs.out}}
"""

PIPELINE_YAML = """
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
display_name: yaml-pipeline
experiment_name: parity-pipelines
compute: azureml:cpu-cluster
settings:
  force_rerun: true
inputs:
  raw:
    type: uri_folder
    path: ./data
  lr: 0.3
outputs:
  final:
    type: uri_folder
jobs:
  prep:
    type: command
    component: ./prep.yml
    inputs:
      raw: ${{parent.inputs.raw}}
  train:
    type: command
    code: ./src
    environment: azureml:parity-env:1
    command: >-
      python train.py --data ${{inputs.data}} --lr ${{inputs.lr}}
      --model ${{outputs.model}}
    inputs:
      data: ${{parent.jobs.prep.outputs.out}}
      lr: ${{parent.inputs.lr}}
    outputs:
      model: ${{parent.outputs.final}}
"""


def _project(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "prep.py").write_text(PREP)
    (root / "src" / "train.py").write_text(TRAIN)
    (root / "trial").mkdir()
    (root / "trial" / "trial.py").write_text(TRIAL)
    for folder, rows in (("data", "x,y\n1,2\n3,4\n"), ("data_failing", "x,y\n5,6\n")):
        (root / folder).mkdir()
        (root / folder / "rows.csv").write_text(rows)
    (root / "prep.yml").write_text(PREP_COMPONENT)
    (root / "pipeline.yml").write_text(PIPELINE_YAML)
    return root


@pytest.fixture(scope="session")
def local_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A server in a fresh folder for the whole session, logging every call."""
    with logged_workspace(tmp_path_factory.mktemp("local-workspace-v2-pipelines")) as workspace:
        yield workspace


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project: step scripts, a component and a pipeline YAML, two data folders."""
    return _project(tmp_path_factory.mktemp("pipeline-project"))


RunV2 = Runner


@pytest.fixture(scope="session")
def run_v2(local_workspace: LocalWorkspace, project: Path) -> RunV2:
    """Run azure-ai-ml code (after an MLClient is made as ``ml``) in the project folder."""

    def run(code: str, timeout: float = 150) -> dict[str, Any]:
        return run_sdk_script(code, local_workspace.env(), preamble=V2_PREAMBLE, cwd=project,
                              timeout=timeout)

    return run
