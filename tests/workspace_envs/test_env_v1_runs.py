"""v1 script runs run in the environment their run configuration declares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

RUNS = """
    from azureml.core.conda_dependencies import CondaDependencies
    report = {}
    env = Environment("pinned-six-v1")
    env.python.conda_dependencies = CondaDependencies.create(python_version="3.10",
                                                             pip_packages=["six==1.15.0"])
    experiment = Experiment(ws, "parity-envs-v1")
    config = ScriptRunConfig(source_directory="src", script="show.py",
                             compute_target="cpu-cluster", environment=env)
    run = experiment.submit(config)
    run.wait_for_completion()
    report["status"] = run.get_status()
    names = run.get_file_names()
    os.makedirs("v1-logs", exist_ok=True)
    for name in names:
        if name.startswith("azureml-logs/"):
            run.download_file(name, output_file_path=os.path.join("v1-logs", name))
    report["logs"] = {name: open(os.path.join("v1-logs", name)).read() for name in names
                      if name.startswith("azureml-logs/")}
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def runs(run_v1: SdkRunner, project: Path) -> dict[str, Any]:
    return run_v1(RUNS, timeout=240)


def test_the_run_uses_its_declared_python_and_pins(runs: dict[str, Any]) -> None:
    assert runs["status"] == "Completed", runs
    driver = runs["logs"]["azureml-logs/70_driver_log.txt"]
    line = next(line for line in driver.splitlines() if line.startswith("ENVIRONMENT "))
    printed = json.loads(line.removeprefix("ENVIRONMENT "))
    assert printed["python"] == "3.10" and printed["six"] == "1.15.0"
    packages = runs["logs"]["azureml-logs/environment_packages.txt"].splitlines()
    assert "six==1.15.0" in packages
    assert any("--find-links" in line for line in packages)  # the SDK's pip options, noted
