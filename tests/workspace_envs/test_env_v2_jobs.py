"""v2 command jobs run in the environment they declare, built with uv; failures say why."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

JOBS = """
    import contextlib, io
    from azure.ai.ml import command
    from azure.ai.ml.exceptions import JobException
    report = {}

    def environment(name, dependencies, image="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04"):
        return ml.environments.create_or_update(Environment(
            name=name, image=image, conda_file={"dependencies": dependencies}))

    def run(name, env):
        job = ml.jobs.create_or_update(command(code="src", command="python show.py",
                                               environment=env, compute="cpu-cluster",
                                               experiment_name="parity-envs"))
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                ml.jobs.stream(job.name)
        except JobException:
            pass
        details = ml.jobs._runs_operations.get_run_details(job.name)
        status = ml.jobs.get(job.name).status
        report[name] = {"status": str(getattr(status, "value", status)), "stream": out.getvalue(),
                        "error": details.error.error.message if details.error else None}
        folder = "downloads/" + name
        ml.jobs.download(job.name, download_path=folder, all=True)
        report[name]["files"] = {os.path.relpath(os.path.join(d, f), folder):
                                 open(os.path.join(d, f)).read()
                                 for d, _, fs in os.walk(folder) for f in fs
                                 if "azureml-logs" in d or "user_logs" in d}

    pinned = environment("pinned-six", ["python=3.10", {"pip": ["six==1.15.0"]}])
    run("pinned", pinned)
    run("conda_only", environment("conda-only", ["python=3.10", "cudatoolkit=11.3"]))
    run("unsatisfiable", environment("no-such-six", [{"pip": ["six==99.1"]}]))
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def jobs(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(JOBS, timeout=240)


def _printed(stream: str) -> dict[str, str]:
    line = next(line for line in stream.splitlines() if line.startswith("ENVIRONMENT "))
    return dict(json.loads(line.removeprefix("ENVIRONMENT ")))


def test_the_job_runs_in_its_declared_python_and_pins(jobs: dict[str, Any]) -> None:
    pinned = jobs["pinned"]
    assert pinned["status"] == "Completed", pinned
    log = next(text for name, text in pinned["files"].items() if name.endswith("std_log.txt"))
    printed = _printed(log)
    assert printed["python"] == "3.10"
    assert printed["six"] == "1.15.0"  # the harness itself has another six


def test_the_build_log_and_resolved_packages_are_run_artifacts(jobs: dict[str, Any]) -> None:
    files = {name.rsplit("azureml-logs/", 1)[-1]: text
             for name, text in jobs["pinned"]["files"].items()}
    assert "six==1.15.0" in files["environment_packages.txt"].splitlines()
    assert "uv pip install" in files["20_image_build_log.txt"]


def test_a_conda_only_package_fails_the_job_naming_it(jobs: dict[str, Any]) -> None:
    failed = jobs["conda_only"]
    assert failed["status"] == "Failed"
    assert "'cudatoolkit' has no PyPI equivalent" in failed["error"]


def test_an_unsatisfiable_pin_fails_the_job_with_the_resolvers_message(
        jobs: dict[str, Any]) -> None:
    failed = jobs["unsatisfiable"]
    assert failed["status"] == "Failed"
    assert "Building the job's environment failed" in failed["error"]
    assert "six==99.1" in failed["error"]
