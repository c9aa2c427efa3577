"""The user's project the v2 pipeline and sweep tests run azure-ai-ml in.

Step scripts (``src/prep.py`` feeds ``src/train.py``, which fails when ``PARITY_FAIL`` is
set), a sweep trial (``trial/trial.py``: the largest learning rate never logs), a command
component, a pipeline YAML, and two data folders.
"""

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

PROJECT = {
    "src/prep.py": PREP,
    "src/train.py": TRAIN,
    "trial/trial.py": TRIAL,
    "data/rows.csv": "x,y\n1,2\n3,4\n",
    "data_failing/rows.csv": "x,y\n5,6\n",
    "prep.yml": PREP_COMPONENT,
    "pipeline.yml": PIPELINE_YAML,
}
