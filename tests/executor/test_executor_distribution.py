"""Distributed jobs: the processes a distribution asks for, and what each is told it is."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from executor_support import WAIT, JobMaker, StatusRecorder, eventually, process_alive

from harness.workspace.executor import Executor, JobKind, Replica, RunStatus
from harness.workspace.executor.distribution import (
    DistributionError,
    Topology,
    from_v1,
    from_v2,
    roles,
)


def fixed_ports(count: int) -> list[int]:
    return list(range(29500, 29500 + count))


def test_pytorch_two_nodes_of_two_processes_share_one_master() -> None:
    topology = from_v2({"distributionType": "PyTorch", "processCountPerInstance": 2}, 2)
    found = roles(topology, JobKind.V2, fixed_ports) if topology else []
    assert [(r.env["RANK"], r.env["LOCAL_RANK"], r.env["NODE_RANK"]) for r in found] == [
        ("0", "0", "0"), ("1", "1", "0"), ("2", "0", "1"), ("3", "1", "1")]
    assert {r.env["WORLD_SIZE"] for r in found} == {"4"}
    assert {r.env["LOCAL_WORLD_SIZE"] for r in found} == {"2"}
    assert {(r.env["MASTER_ADDR"], r.env["MASTER_PORT"]) for r in found} == {
        ("127.0.0.1", "29500")}
    assert [r.log_name for r in found] == [
        f"user_logs/std_log_process_{rank}.txt" for rank in range(4)]


def test_v1_pytorch_configuration_counts_processes_in_total() -> None:
    config = {"framework": "PyTorch", "communicator": "nccl", "nodeCount": 2,
              "pytorch": {"communicationBackend": "nccl", "processCount": 4, "nodeCount": 2}}
    topology = from_v1(config)
    assert topology == Topology("pytorch", 2, 2)
    assert [r.log_name for r in roles(topology, JobKind.V1, fixed_ports)][-1] == (
        "azureml-logs/70_driver_log_3.txt")


def test_mpi_ranks_get_open_mpi_variables_and_the_master_node() -> None:
    topology = from_v1({"framework": "Python", "communicator": "IntelMpi", "nodeCount": 2,
                        "mpi": {"processCountPerNode": 3}})
    assert topology == Topology("mpi", 2, 3)
    found = roles(topology, JobKind.V2, fixed_ports)
    fifth = found[4].env
    assert (fifth["OMPI_COMM_WORLD_RANK"], fifth["OMPI_COMM_WORLD_SIZE"],
            fifth["OMPI_COMM_WORLD_LOCAL_RANK"], fifth["OMPI_COMM_WORLD_LOCAL_SIZE"]) == (
        "4", "6", "1", "3")
    assert fifth["AZ_BATCH_MASTER_NODE"] == "127.0.0.1:29500"
    assert "RANK" not in fifth
    assert found[4].log_name == "user_logs/std_log_process_04.txt"


def test_tensorflow_tasks_each_get_the_cluster_and_their_own_task() -> None:
    topology = from_v2({"distributionType": "TensorFlow", "workerCount": 2,
                        "parameterServerCount": 1}, 2)
    assert topology == Topology("tensorflow", 2, 1, 1)
    configs = [json.loads(r.env["TF_CONFIG"]) for r in roles(topology, JobKind.V2, fixed_ports)]
    assert configs[0]["cluster"] == {"worker": ["127.0.0.1:29500", "127.0.0.1:29501"],
                                     "ps": ["127.0.0.1:29502"]}
    assert [c["task"] for c in configs] == [{"type": "worker", "index": 0},
                                            {"type": "worker", "index": 1},
                                            {"type": "ps", "index": 0}]


def test_plain_jobs_have_no_distribution() -> None:
    assert from_v2(None, 1) is None
    assert from_v1({"framework": "Python", "communicator": "None", "nodeCount": 1}) is None


@pytest.mark.parametrize(("distribution", "instances", "says"), [
    ({"distributionType": "PyTorch", "processCountPerInstance": 8}, 4, "32 processes"),
    ({"distributionType": "Ray"}, 2, "cannot run a ray distribution"),
    (None, 2, "no distribution"),
])
def test_what_cannot_run_here_is_refused_with_the_reason(
        distribution: dict[str, object] | None, instances: int, says: str) -> None:
    with pytest.raises(DistributionError, match=says):
        from_v2(distribution, instances)


@pytest.mark.parametrize(("config", "says"), [
    ({"framework": "PyTorch", "communicator": "nccl", "nodeCount": 2,
      "pytorch": {"processCount": 3}}, "multiple of the node count"),
    ({"framework": "Python", "communicator": "None", "nodeCount": 3}, "node_count 3"),
    ({"framework": "Python", "communicator": "IntelMpi", "nodeCount": 4,
      "mpi": {"processCountPerNode": 5}}, "20 processes"),
])
def test_v1_configurations_that_cannot_run_here_are_refused(
        config: dict[str, object], says: str) -> None:
    with pytest.raises(DistributionError, match=says):
        from_v1(config)


def test_a_failing_rank_fails_the_job_naming_it_and_stops_the_others(
        executor: Executor, make_job: JobMaker, tmp_path: Path) -> None:
    spec = make_job(
        """
        import os, sys, time
        if os.environ["RANK"] == "2":
            raise RuntimeError("rank two broke")
        time.sleep(0 if os.environ["RANK"] == "0" else 60)
        """
    )
    topology = Topology("pytorch", 2, 2)
    replicas = tuple(Replica(r.label, r.env, r.log_name, tmp_path / r.log_name)
                     for r in roles(topology, JobKind.V2))
    spec = replace(spec, replicas=replicas, log_path=replicas[0].log_path)
    executor.submit(spec)
    info = executor.wait(spec.job_id, WAIT)
    assert info.status is RunStatus.FAILED
    assert "of rank 2 (node 1, local rank 0) exited with status code 1" in (info.error or "")
    assert "user_logs/std_log_process_2.txt" in (info.error or "")
    assert "RuntimeError: rank two broke" in (info.error or "")
    assert (tmp_path / "user_logs/std_log_process_2.txt").is_file()


def test_every_rank_runs_with_its_own_log(
        executor: Executor, make_job: JobMaker, tmp_path: Path) -> None:
    spec = make_job('import os\nprint("rank", os.environ["RANK"], "of", os.environ["WORLD_SIZE"])')
    replicas = tuple(Replica(r.label, r.env, r.log_name, tmp_path / r.log_name)
                     for r in roles(Topology("pytorch", 1, 3), JobKind.V2))
    spec = replace(spec, replicas=replicas, log_path=replicas[0].log_path,
                   python=Path(sys.executable))
    executor.submit(spec)
    assert executor.wait(spec.job_id, WAIT).status is RunStatus.COMPLETED
    for rank in range(3):
        log = tmp_path / f"user_logs/std_log_process_{rank}.txt"
        assert log.read_text().strip() == f"rank {rank} of 3"


def test_cancel_stops_every_rank(executor: Executor, recorder: StatusRecorder,
                                 make_job: JobMaker, tmp_path: Path) -> None:
    spec = make_job('import os, time\nprint("pid", os.getpid(), flush=True)\ntime.sleep(60)')
    replicas = tuple(Replica(r.label, r.env, r.log_name, tmp_path / r.log_name)
                     for r in roles(Topology("mpi", 2, 1), JobKind.V2))
    spec = replace(spec, replicas=replicas, log_path=replicas[0].log_path)
    executor.submit(spec)
    logs = [replica.log_path for replica in replicas]
    eventually(lambda: all(log.is_file() and log.read_text().startswith("pid") for log in logs))
    pids = [int(log.read_text().split()[1]) for log in logs]
    executor.cancel(spec.job_id)
    assert executor.wait(spec.job_id, WAIT).status is RunStatus.CANCELED
    assert recorder.statuses(spec.job_id)[-1] is RunStatus.CANCELED
    for pid in pids:
        eventually(lambda pid=pid: not process_alive(pid), timeout=5)
