"""Start the processes of a distributed job together, and end them together.

A distributed job succeeds only if every process exits 0. When one fails, the others
are stopped (SIGTERM, then SIGKILL after the grace period), as ``torchrun`` and
``mpirun`` do: they would otherwise wait forever for a peer that is gone. The failure
reported is the first one, with its rank and its log.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Mapping
from pathlib import Path

from .process import JobProcess, build_env
from .spec import JobSpec, Replica


class ReplicaGroup:
    """The processes of one distributed job, signalled and awaited as one."""

    def __init__(self, spec: JobSpec, shim: Path, grace: float,
                 base: Mapping[str, str] | None = None) -> None:
        self._grace = grace
        self.processes: list[tuple[Replica, JobProcess]] = []
        self.failed: Replica | None = None
        self._failed_process: JobProcess | None = None
        try:
            for replica in spec.replicas:
                env = build_env(spec, shim, base)
                env.update(replica.env)
                self.processes.append((replica, JobProcess(spec, env, replica.log_path)))
        except BaseException:
            self.signal_group(signal.SIGKILL)
            for _, process in self.processes:
                process.wait()
            raise

    def signal_group(self, signum: int) -> bool:
        """Signal every process; False when all are already gone."""
        sent = [process.signal_group(signum) for _, process in self.processes]
        return any(sent)

    def wait(self) -> int:
        """Block until every process exited; the first failure's code, or 0."""
        exits: queue.Queue[tuple[Replica, JobProcess, int]] = queue.Queue()
        for replica, process in self.processes:
            threading.Thread(target=_report_exit, args=(replica, process, exits),
                             name=f"replica-{process.pid}", daemon=True).start()
        code = 0
        for _ in self.processes:
            replica, process, exit_code = exits.get()
            if exit_code != 0 and self.failed is None:
                self.failed, self._failed_process, code = replica, process, exit_code
                self._stop_the_rest()
        return code

    def _stop_the_rest(self) -> None:
        self.signal_group(signal.SIGTERM)
        killer = threading.Timer(self._grace, self.signal_group, args=(signal.SIGKILL,))
        killer.daemon = True
        killer.start()

    def stderr_tail(self) -> list[str]:
        """The failed process's last stderr lines (empty when none failed)."""
        return self._failed_process.stderr_tail() if self._failed_process else []


def _report_exit(replica: Replica, process: JobProcess,
                 exits: queue.Queue[tuple[Replica, JobProcess, int]]) -> None:
    exits.put((replica, process, process.wait()))
