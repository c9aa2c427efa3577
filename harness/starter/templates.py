"""The text of every file `aml-parity init` writes: a spec-only scenario that passes as is.

The scenario is the smallest one that exercises the real SDKs: a v1 `ScriptRunConfig` and
the CLI v2 `job.yml` it migrates to, sharing one training folder and one conda file, so
its `::spec` item passes before the user changes anything, and fails the moment one side
changes an argument, an image or a package.
"""

from __future__ import annotations

IMAGE = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest"


def scenario_yaml(name: str, schema_path: str) -> str:
    return f"""\
# yaml-language-server: $schema={schema_path}
# A scenario pairs a v1 workflow with its v2 migration; see aml-parity's
# docs/scenario-format.md. `aml-parity validate scenarios` checks this file.
description: >
  {name}: the v1 ScriptRunConfig in v1_job.py against its CLI v2 job in job.yml.
owner: your-team
severity: normal
expect: parity

v1: v1_job.py:build
v2: job.yml

# Without `compare:` only the spec is compared (the `::spec` item: no workspace needed).
# Declare metrics, outputs or logs to add a `::run` item that runs both sides, e.g.
# compare:
#   metrics:
#     tolerance: {{abs: 1.0e-9}}
"""


def v1_job(name: str) -> str:
    return f'''\
"""v1: the job as azureml-core submits it. Replace the body with your own submission code.

In the spec phase `ws` is an offline Workspace: build and return the configuration, do not
submit it; aml-parity submits it when a `::run` item runs.
"""

from azureml.core import Environment, ScriptRunConfig

IMAGE = "{IMAGE}"


def build(ws, ctx):
    env = Environment.from_conda_specification("{name}", str(ctx.path("conda.yml")))
    env.docker.base_image = IMAGE
    return ScriptRunConfig(
        source_directory=str(ctx.path("src")),
        script="train.py",
        arguments=["--alpha", 0.5],
        compute_target="cpu-cluster",
        environment=env,
    )
'''


def job_yml(name: str) -> str:
    return f"""\
$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
type: command
description: {name}, migrated from the v1 ScriptRunConfig in v1_job.py.
code: src
command: python train.py --alpha ${{{{inputs.alpha}}}}
inputs:
  alpha: 0.5
environment:
  image: {IMAGE}
  conda_file: conda.yml
compute: azureml:cpu-cluster
"""


def conda_yml(name: str) -> str:
    return f"""\
name: {name}
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
      - scikit-learn
"""


TRAIN_PY = '''\
"""The training script both sides run: replace it with yours."""

import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=0.5)
args = parser.parse_args()
print(f"training with alpha={args.alpha}")
'''

PYTEST_TABLE = """\
[tool.pytest.ini_options]
# aml-parity: every scenario under scenarios/ is a test (`pytest`, `pytest -m spec`).
testpaths = ["scenarios"]
parity_target = "local"          # where sides run: local (the local workspace) or azure
parity_reports = "reports"       # summary.md, verdicts.json, evidence
parity_cassettes = "cassettes"   # recorded side traffic, replayed with --record-mode=none
"""

GITIGNORE_ENTRIES = (".aml-parity/", "reports/")

CI_WORKFLOW = """\
# aml-parity pull-request gate: replays the recorded cassettes (no workspace, no
# credentials, no network); a scenario without cassettes fails instead of recording.
name: aml-parity
on: [pull_request]
jobs:
  parity:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install aml-parity   # or the source your team installs it from
      - run: aml-parity validate scenarios
      - run: pytest --record-mode=none -n auto
      - if: always()
        uses: actions/upload-artifact@v4
        with: {name: aml-parity-reports, path: reports/}
"""
