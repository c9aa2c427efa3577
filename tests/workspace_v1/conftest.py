"""Fixtures for the v1 run surface: a local workspace, training code, SDK subprocesses.

azureml-core reads cloud settings at import time, so every check runs the real SDK in a
fresh interpreter with the workspace's environment applied before any import. Scripts
report by printing one JSON object on their last stdout line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sdk_scripts import V1_PREAMBLE, Runner, logged_workspace, run_sdk_script

from harness.workspace.runtime import LocalWorkspace

RunV1 = Runner


@pytest.fixture(scope="session")
def run_v1() -> RunV1:
    """Run SDK code (after a preamble giving ``ws``) in a fresh interpreter; its report."""
    return lambda code, env, timeout=120: run_sdk_script(code, env, preamble=V1_PREAMBLE,
                                                         timeout=timeout)


@pytest.fixture(scope="session")
def v1_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWorkspace]:
    """A local workspace of its own for the v1 run tests."""
    with logged_workspace(tmp_path_factory.mktemp("v1-workspace")) as workspace:
        yield workspace


TRAIN = '''
import argparse, base64, os
from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float)
args = parser.parse_args()
run = Run.get_context()
print("training with alpha", args.alpha, flush=True)
run.log("alpha", args.alpha)
for step in range(3):
    run.log("loss", 1.0 / (step + 1))
run.log("optimizer", "sgd")
run.log("converged", True)
run.log_list("accuracies", [0.5, 0.6, 0.7])
run.log_row("curve", epoch=1, score=2.5)
run.log_row("curve", epoch=2, score=3.5)
run.log_table("table", {"a": [1, 2], "b": ["u", "v"]})
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
       "wAAAABJRU5ErkJggg==")
with open("plot.png", "wb") as handle:
    handle.write(base64.b64decode(PNG))
run.log_image("plot", path="plot.png")
run.tag("team", "parity")
run.tag("stage")
os.makedirs("outputs", exist_ok=True)
with open("outputs/model.txt", "w") as handle:
    handle.write("weights=1,2,3")
with open("notes.txt", "w") as handle:
    handle.write("uploaded by the script")
run.upload_file("outputs/notes.txt", "notes.txt")
print("finished training", flush=True)
'''

FAIL = '''
print("about to fail", flush=True)
raise ValueError("alpha must be positive, got -1")
'''

SLEEP = '''
import time
print("sleeping", flush=True)
time.sleep(120)
'''


@pytest.fixture(scope="session")
def code_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source directory with train.py, fail.py and sleep.py."""
    folder = tmp_path_factory.mktemp("v1-code")
    (folder / "train.py").write_text(TRAIN)
    (folder / "fail.py").write_text(FAIL)
    (folder / "sleep.py").write_text(SLEEP)
    return folder
