"""v1 distributed runs (PyTorch, MPI, TensorFlow configurations) run every rank here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from distributed_jobs import RANK_SCRIPT
from sdk_scripts import SdkRunner

pytestmark = pytest.mark.workspace

DISTRIBUTED = """
    import contextlib, io, pathlib, tempfile
    from azureml.core.runconfig import (MpiConfiguration, PyTorchConfiguration,
                                        TensorflowConfiguration)
    code = pathlib.Path(tempfile.mkdtemp())
    (code / "record.py").write_text(sys.argv[1])
    exp = Experiment(ws, "distributed")

    def submit(distribution, variables=None):
        config = ScriptRunConfig(source_directory=str(code), script="record.py",
                                 compute_target="cpu-cluster", environment=Environment("e"),
                                 distributed_job_config=distribution)
        config.run_config.environment_variables = variables or {}
        return exp.submit(config)

    torch = submit(PyTorchConfiguration(process_count=4, node_count=2), {"PARITY_SLEEP": "8"})
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        torch.wait_for_completion(show_output=True)
    runs = {"torch": torch,
            "failing": submit(PyTorchConfiguration(process_count=4, node_count=2),
                              {"PARITY_FAIL_RANK": "3"}),
            "mpi": submit(MpiConfiguration(process_count_per_node=2, node_count=2)),
            "tf": submit(TensorflowConfiguration(worker_count=2, parameter_server_count=1))}
    report = {"stream": shown.getvalue(), "status": {}, "errors": {}, "files": {}, "logs": {}}
    for label, run in runs.items():
        run.wait_for_completion(raise_on_error=False)
        report["status"][label] = run.get_status()
        report["errors"][label] = (run.get_details().get("error") or {}).get("error", {}).get(
            "message")
        folder = tempfile.mkdtemp()
        run.download_files(prefix="outputs", output_directory=folder)
        report["files"][label] = {p.name: json.loads(p.read_text())
                                  for p in pathlib.Path(folder).rglob("rank_*.json")}
        report["logs"][label] = sorted(name for name in run.get_file_names()
                                       if name.startswith("azureml-logs/70_driver_log"))
    print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def distributed(run_v1: SdkRunner) -> dict[str, Any]:
    return run_v1(DISTRIBUTED, RANK_SCRIPT, timeout=180)


def test_pytorch_configuration_runs_four_ranks_on_two_nodes(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["torch"] == "Completed"
    seen = [distributed["files"]["torch"][f"rank_{rank}.json"] for rank in range(4)]
    assert [(s["RANK"], s["LOCAL_RANK"], s["NODE_RANK"], s["WORLD_SIZE"]) for s in seen] == [
        ("0", "0", "0", "4"), ("1", "1", "0", "4"), ("2", "0", "1", "4"), ("3", "1", "1", "4")]
    assert len({s["MASTER_PORT"] for s in seen}) == 1


def test_each_rank_has_its_driver_log_and_rank_0_is_streamed(
        distributed: dict[str, Any]) -> None:
    assert distributed["logs"]["torch"] == [
        f"azureml-logs/70_driver_log_{rank}.txt" for rank in range(4)]
    assert "rank 0 recorded" in distributed["stream"]


def test_a_failing_rank_fails_the_run_naming_it(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["failing"] == "Failed"
    error = distributed["errors"]["failing"]
    assert "rank 3 (node 1, local rank 1)" in error
    assert "azureml-logs/70_driver_log_3.txt" in error
    assert "ValueError: rank 3 ran out of data" in error


def test_mpi_and_tensorflow_configurations_run_their_ranks(distributed: dict[str, Any]) -> None:
    assert distributed["status"]["mpi"] == "Completed"
    assert sorted(distributed["files"]["mpi"]) == [f"rank_{rank}.json" for rank in range(4)]
    assert distributed["files"]["mpi"]["rank_3.json"]["OMPI_COMM_WORLD_LOCAL_RANK"] == "1"
    assert distributed["status"]["tf"] == "Completed"
    assert sorted(distributed["files"]["tf"]) == [
        "rank_ps_0.json", "rank_worker_0.json", "rank_worker_1.json"]
    config = json.loads(distributed["files"]["tf"]["rank_ps_0.json"]["TF_CONFIG"])
    assert config["task"] == {"type": "ps", "index": 0}
