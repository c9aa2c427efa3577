"""Which processes a distributed job runs on this machine, and who each one is told it is.

Azure ML starts ``nodes x processes per node`` copies of a distributed job's command and
tells each copy its place through environment variables; the local workspace does the
same with every "node" on this machine (``MASTER_ADDR`` is 127.0.0.1, ports are free
ports of this machine). Names follow Microsoft's distributed training guides (SDK v1 and
v2, "Distributed GPU training guide"):

- PyTorch: ``MASTER_ADDR``, ``MASTER_PORT``, ``WORLD_SIZE``, ``NODE_RANK`` per node and
  ``RANK``, ``LOCAL_RANK`` per process; ``GROUP_RANK`` and ``LOCAL_WORLD_SIZE`` as
  ``torchrun`` sets them, since scripts written for it read them too.
- MPI: Open MPI's ``OMPI_COMM_WORLD_RANK``, ``_SIZE``, ``_LOCAL_RANK``, ``_LOCAL_SIZE``,
  and ``AZ_BATCH_MASTER_NODE`` (``addr:port``) and ``AZ_BATCHAI_MPI_MASTER_NODE`` (addr)
  that Azure's examples map to ``MASTER_ADDR``/``MASTER_PORT``. There is no ``mpirun``:
  ranks learn their place, but an MPI library's ``COMM_WORLD`` is a singleton.
- TensorFlow: ``TF_CONFIG``, JSON with the cluster's ``worker`` and ``ps`` addresses and
  this process's ``task`` (type and index), one process per task.

Pure: the executor starts the processes; this module only decides them.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .process import JobStartError
from .spec import JobKind

MAX_PROCESSES = 16
"""By default, the most processes one distributed job may start here (settings
``max_job_processes``); more would swamp the machine."""

MASTER_ADDR = "127.0.0.1"
"""Every node is this machine."""

KINDS = ("pytorch", "mpi", "tensorflow")


class DistributionError(JobStartError):
    """The job's distribution cannot be honoured here; the job fails with this message."""


@dataclass(frozen=True)
class Topology:
    """How many processes a distribution asks for, and of which kind.

    For TensorFlow each task (``workers`` then ``parameter_servers``) is one node with
    one process, as Azure places them.
    """

    kind: str
    nodes: int
    per_node: int = 1
    parameter_servers: int = 0

    @property
    def total(self) -> int:
        """The number of processes."""
        if self.kind == "tensorflow":
            return self.nodes + self.parameter_servers
        return self.nodes * self.per_node

    def describe(self) -> str:
        """The topology in the user's terms, for messages."""
        if self.kind == "tensorflow":
            return f"{self.nodes} workers + {self.parameter_servers} parameter servers"
        return f"{self.nodes} nodes x {self.per_node} processes"


@dataclass(frozen=True)
class Role:
    """One process of the job: how messages name it, its variables and its log's name."""

    rank: int
    label: str
    env: Mapping[str, str]
    log_name: str


def _number(value: Any, what: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DistributionError(f"The job's {what} is {value!r}, not a number.") from None
    if number != int(number) or number < 1:
        raise DistributionError(f"The job's {what} is {value!r}; it must be a whole number "
                                "of at least 1.")
    return int(number)


def _pick(data: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if data.get(name) is not None:
            return data[name]
    return None


def checked(topology: Topology, limit: int = MAX_PROCESSES) -> Topology:
    """The topology, or a DistributionError when it needs more than ``limit`` processes."""
    if topology.total > limit:
        raise DistributionError(
            f"The local workspace cannot run this {topology.kind} job: "
            f"{topology.describe()} = {topology.total} processes, more than the "
            f"{limit} it starts on one machine (settings.json: max_job_processes). Lower "
            "the instance (node) count or the processes per instance, or run the job on "
            "Azure.")
    return topology


def from_v2(distribution: Mapping[str, Any] | None, instance_count: Any,
            limit: int = MAX_PROCESSES) -> Topology | None:
    """The topology of a v2 job (``distribution`` and ``resources.instanceCount`` as sent).

    None for a plain job on one instance; a DistributionError for what cannot run here.
    """
    nodes = _number(instance_count, "resources.instance_count", 1)
    if not distribution:
        if nodes > 1:
            raise DistributionError(
                f"The job asks for resources.instance_count {nodes} but has no distribution; "
                "the local workspace runs a job on several instances only for a pytorch, mpi "
                "or tensorflow distribution. Add one, or set instance_count to 1.")
        return None
    kind = str(_pick(distribution, "distributionType", "type") or "").lower()
    if kind in ("pytorch", "mpi"):
        per_node = _number(_pick(distribution, "processCountPerInstance",
                                 "process_count_per_instance"),
                           "distribution.process_count_per_instance", 1)
        return checked(Topology(kind, nodes, per_node), limit)
    if kind == "tensorflow":
        workers = _number(_pick(distribution, "workerCount", "worker_count"),
                          "distribution.worker_count", nodes)
        servers = _pick(distribution, "parameterServerCount", "parameter_server_count") or 0
        return checked(Topology(kind, workers, 1, _count(servers, "parameter_server_count")),
                       limit)
    raise DistributionError(
        f"The local workspace cannot run a {kind or 'untyped'!s} distribution; it runs "
        f"{', '.join(KINDS)}. Run this job on Azure, or change distribution.type.")


def _count(value: Any, what: str) -> int:
    if value in (None, "", 0, "0"):
        return 0
    return _number(value, f"distribution.{what}", 0)


def from_v1(config: Mapping[str, Any], limit: int = MAX_PROCESSES) -> Topology | None:
    """The topology of a v1 run configuration (``framework``, ``communicator``,
    ``nodeCount`` and the ``pyTorch``/``mpi``/``tensorflow`` sections as sent).

    ``ScriptRunConfig(distributed_job_config=...)`` sets PyTorch with the ``Nccl``/``Gloo``
    communicator, ``IntelMpi`` for MpiConfiguration, ``ParameterServer`` for TensorFlow.
    """
    framework = str(config.get("framework") or "python").lower()
    communicator = str(config.get("communicator") or "none").lower()
    nodes = _number(_pick(config, "nodeCount", "node_count"), "node_count", 1)
    if framework == "tensorflow" or communicator == "parameterserver":
        tf = _pick(config, "tensorflow", "tensorFlow") or {}
        workers = _number(_pick(tf, "workerCount", "worker_count"), "worker_count", nodes)
        servers = _count(_pick(tf, "parameterServerCount", "parameter_server_count"),
                         "parameter_server_count")
        return checked(Topology("tensorflow", workers, 1, servers), limit)
    if communicator in ("mpi", "intelmpi", "openmpi"):
        mpi = config.get("mpi") or {}
        per_node = _number(_pick(mpi, "processCountPerNode", "process_count_per_node"),
                           "process_count_per_node", 1)
        return checked(Topology("mpi", nodes, per_node), limit)
    if framework == "pytorch" and communicator in ("nccl", "gloo"):
        torch = _pick(config, "pyTorch", "pytorch") or {}
        total = _number(_pick(torch, "processCount", "process_count"), "process_count", nodes)
        if total % nodes:
            raise DistributionError(
                f"PyTorchConfiguration asks for {total} processes on {nodes} nodes; the "
                "process count must be a multiple of the node count.")
        return checked(Topology("pytorch", nodes, total // nodes), limit)
    if communicator not in ("none", "") or nodes > 1:
        raise DistributionError(
            f"The local workspace cannot run a v1 job with framework {config.get('framework')!r},"
            f" communicator {config.get('communicator')!r} and node_count {nodes}; it runs "
            "PyTorchConfiguration, MpiConfiguration and TensorflowConfiguration jobs.")
    return None


def free_ports(count: int) -> list[int]:
    """``count`` distinct TCP ports of 127.0.0.1 that nothing listens on now."""
    probes = []
    try:
        for _ in range(count):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probes.append(probe)
            probe.bind((MASTER_ADDR, 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def log_name(kind: JobKind, topology: Topology, rank: int) -> str:
    """Where Azure keeps this process's output: ``user_logs/std_log_process_<rank>.txt``
    (MPI ranks two digits wide, as ``mpirun`` writes them) for v2,
    ``azureml-logs/70_driver_log_<rank>.txt`` for v1; TensorFlow names tasks."""
    if topology.kind == "tensorflow":
        task, index = _task(topology, rank)
        if kind is JobKind.V1:
            return f"azureml-logs/70_driver_log_{task}_{index}.txt"
        suffix = "_ps" if task == "ps" else ""
        return f"user_logs/std_log_process_{index}{suffix}.txt"
    if kind is JobKind.V1:
        return f"azureml-logs/70_driver_log_{rank}.txt"
    width = 2 if topology.kind == "mpi" else 1
    return f"user_logs/std_log_process_{rank:0{width}d}.txt"


def _task(topology: Topology, rank: int) -> tuple[str, int]:
    if rank < topology.nodes:
        return "worker", rank
    return "ps", rank - topology.nodes


def pytorch_env(topology: Topology, rank: int, port: int) -> dict[str, str]:
    """What ``torch.distributed.init_process_group(init_method="env://")`` reads, and more."""
    node, local = divmod(rank, topology.per_node)
    return {"MASTER_ADDR": MASTER_ADDR, "MASTER_PORT": str(port),
            "WORLD_SIZE": str(topology.total), "RANK": str(rank), "LOCAL_RANK": str(local),
            "NODE_RANK": str(node), "GROUP_RANK": str(node),
            "LOCAL_WORLD_SIZE": str(topology.per_node)}


def mpi_env(topology: Topology, rank: int, port: int) -> dict[str, str]:
    """Open MPI's rank variables and Azure's master node variables."""
    local = rank % topology.per_node
    return {"OMPI_COMM_WORLD_RANK": str(rank), "OMPI_COMM_WORLD_SIZE": str(topology.total),
            "OMPI_COMM_WORLD_LOCAL_RANK": str(local),
            "OMPI_COMM_WORLD_LOCAL_SIZE": str(topology.per_node),
            "AZ_BATCH_MASTER_NODE": f"{MASTER_ADDR}:{port}",
            "AZ_BATCHAI_MPI_MASTER_NODE": MASTER_ADDR}


def tf_config(topology: Topology, rank: int, ports: list[int]) -> dict[str, str]:
    """``TF_CONFIG``: the whole cluster (one address per task) and this process's task."""
    addresses = [f"{MASTER_ADDR}:{port}" for port in ports]
    cluster: dict[str, list[str]] = {"worker": addresses[:topology.nodes]}
    if topology.parameter_servers:
        cluster["ps"] = addresses[topology.nodes:]
    task, index = _task(topology, rank)
    config = {"cluster": cluster, "task": {"type": task, "index": index},
              "environment": "cloud"}
    return {"TF_CONFIG": json.dumps(config)}


def roles(topology: Topology, kind: JobKind,
          ports_for: Callable[[int], list[int]] = free_ports) -> list[Role]:
    """Every process of the job, rank 0 first, with its variables and log name.

    PyTorch and MPI share one port (rank 0's); each TensorFlow task has its own.
    """
    ports = ports_for(topology.total if topology.kind == "tensorflow" else 1)
    shared = ports[0]
    found = []
    for rank in range(topology.total):
        if topology.kind == "pytorch":
            env = pytorch_env(topology, rank, shared)
        elif topology.kind == "mpi":
            env = mpi_env(topology, rank, shared)
        else:
            env = tf_config(topology, rank, ports)
        found.append(Role(rank, _label(topology, rank), env, log_name(kind, topology, rank)))
    return found


def _label(topology: Topology, rank: int) -> str:
    if topology.kind == "tensorflow":
        task, index = _task(topology, rank)
        return f"{task} {index}"
    node, local = divmod(rank, topology.per_node)
    return f"rank {rank} (node {node}, local rank {local})"
