"""v2 distributed command jobs run every rank here, each told its place as Azure ML does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from distributed_jobs import RANK_SCRIPT
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

DISTRIBUTED = """
    import contextlib, io, pathlib
    from azure.ai.ml import MpiDistribution, PyTorchDistribution, TensorFlowDistribution, command
    from azure.ai.ml.entities import Environment
    from azure.ai.ml.exceptions import JobException
    pathlib.Path("ranks").mkdir(exist_ok=True)
    pathlib.Path("ranks/record.py").write_text(sys.argv[1])
    ml.environments.create_or_update(Environment(name="parity-env", image="python:3.11"))

    def job(distribution, instances, **overrides):
        return ml.jobs.create_or_update(command(
            code="ranks", command="python record.py", environment="parity-env:1",
            compute="cpu-cluster", experiment_name="parity-distributed",
            distribution=distribution, instance_count=instances, **overrides))

    torch = job(PyTorchDistribution(process_count_per_instance=2), 2,
                environment_variables={"PARITY_SLEEP": "8"})
    streamed = io.StringIO()
    with contextlib.redirect_stdout(streamed):
        ml.jobs.stream(torch.name)
    jobs = {"torch": torch,
            "failing": job(PyTorchDistribution(process_count_per_instance=2), 2,
                           environment_variables={"PARITY_FAIL_RANK": "2"}),
            "mpi": job(MpiDistribution(process_count_per_instance=2), 2),
            "tf": job(TensorFlowDistribution(worker_count=2, parameter_server_count=1), 2),
            "too_many": job(PyTorchDistribution(process_count_per_instance=9), 2)}
    report = {"status": {}, "errors": {}, "files": {}, "logs": {},
              "stream": streamed.getvalue()}
    for label, submitted in jobs.items():
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                ml.jobs.stream(submitted.name)
        except JobException:
            pass
        report["status"][label] = str(ml.jobs.get(submitted.name).status)
        details = ml.jobs._runs_operations.get_run_details(submitted.name)
        report["errors"][label] = details.error.error.message if details.error else None
        target = f"downloads/{label}"
        ml.jobs.download(submitted.name, download_path=target, all=True)
        root = pathlib.Path(target, "artifacts")
        report["files"][label] = {p.name: json.loads(p.read_text())
                                  for p in root.glob("outputs/rank_*.json")}
        report["logs"][label] = sorted(p.name for p in root.glob("user_logs/*"))
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def distributed(run_v2: SdkRunner) -> dict[str, Any]:
    return run_v2(DISTRIBUTED, RANK_SCRIPT, timeout=180)


def test_two_nodes_of_two_pytorch_processes_each_record_their_rank(
        distributed: dict[str, Any]) -> None:
    assert distributed["status"]["torch"] == "JobStatus.COMPLETED"
    files = distributed["files"]["torch"]
    assert sorted(files) == [f"rank_{rank}.json" for rank in range(4)]
    seen = [files[f"rank_{rank}.json"] for rank in range(4)]
    assert [(s["RANK"], s["LOCAL_RANK"], s["NODE_RANK"], s["WORLD_SIZE"]) for s in seen] == [
        ("0", "0", "0", "4"), ("1", "1", "0", "4"), ("2", "0", "1", "4"), ("3", "1", "1", "4")]
    assert len({(s["MASTER_ADDR"], s["MASTER_PORT"]) for s in seen}) == 1
    assert seen[0]["MASTER_ADDR"] == "127.0.0.1"
    assert int(seen[0]["MASTER_PORT"]) > 0


def test_each_process_logs_where_azure_puts_it(distributed: dict[str, Any]) -> None:
    # Which log `jobs.stream` shows depends on whether a poll lands while the job runs (the
    # SDK streams only then), so it is not asserted here; the files are.
    assert distributed["logs"]["torch"] == [f"std_log_process_{rank}.txt" for rank in range(4)]


def test_one_failing_rank_fails_the_job_naming_the_rank(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["failing"] == "JobStatus.FAILED"
    error = distributed["errors"]["failing"]
    assert "rank 2 (node 1, local rank 0)" in error
    assert "user_logs/std_log_process_2.txt" in error
    assert "ValueError: rank 2 ran out of data" in error


def test_mpi_ranks_get_open_mpi_variables(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["mpi"] == "JobStatus.COMPLETED"
    seen = [distributed["files"]["mpi"][f"rank_{rank}.json"] for rank in range(4)]
    assert [(s["OMPI_COMM_WORLD_RANK"], s["OMPI_COMM_WORLD_LOCAL_RANK"],
             s["OMPI_COMM_WORLD_SIZE"], s["OMPI_COMM_WORLD_LOCAL_SIZE"]) for s in seen] == [
        ("0", "0", "4", "2"), ("1", "1", "4", "2"), ("2", "0", "4", "2"), ("3", "1", "4", "2")]
    assert distributed["logs"]["mpi"] == [f"std_log_process_0{rank}.txt" for rank in range(4)]


def test_tensorflow_tasks_get_tf_config(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["tf"] == "JobStatus.COMPLETED"
    files = distributed["files"]["tf"]
    assert sorted(files) == ["rank_ps_0.json", "rank_worker_0.json", "rank_worker_1.json"]
    config = json.loads(files["rank_worker_1.json"]["TF_CONFIG"])
    assert config["task"] == {"type": "worker", "index": 1}
    assert len(config["cluster"]["worker"]) == 2 and len(config["cluster"]["ps"]) == 1


def test_more_processes_than_the_machine_runs_fail_the_job_saying_so(
        distributed: dict[str, Any]) -> None:
    assert distributed["status"]["too_many"] == "JobStatus.FAILED"
    assert "18 processes, more than the 16" in distributed["errors"]["too_many"]
    assert distributed["files"]["too_many"] == {}
