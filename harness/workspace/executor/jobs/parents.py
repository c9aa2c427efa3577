"""What pipeline and sweep jobs share: a driver thread that runs children and waits on them.

A parent holds no executor slot. Its thread launches children through
:meth:`JobsBackend.submit_command` and sleeps until the backend reports a child ended
(:meth:`ParentRun.child_changed`, called from executor threads, never blocks) or the
user cancels. Subclasses implement :meth:`validate` (at submission, to refuse what Azure
refuses with a 400/404) and :meth:`drive` (run the children, then :meth:`finish`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from ...services.jobs.documents import parent_resource
from ..states import RunStatus

if TYPE_CHECKING:
    from ...services.jobs.models import JobsBackend

log = logging.getLogger(__name__)

WAIT_SLICE_S = 1.0
CANCEL_WAIT_S = 30.0


class ParentRun:
    """One pipeline or sweep job being driven."""

    run_type: ClassVar[str] = ""

    def __init__(self, backend: JobsBackend, name: str, properties: dict[str, Any]) -> None:
        self.backend = backend
        self.name = name
        self.props = properties
        self._changed = threading.Condition()
        self._ended: dict[str, RunStatus] = {}
        self.canceled = False
        self._thread = threading.Thread(target=self._main, name=f"parent-{name}", daemon=True)

    @classmethod
    def submit(cls, backend: JobsBackend, name: str, properties: dict[str, Any]) -> ParentRun:
        """Validate, then store the resource and its run (NotStarted); :meth:`start` runs it."""
        parent = cls(backend, name, properties)
        parent.validate()
        document = parent_resource(backend.settings, name, properties, backend.system_data(),
                                   parent.run_properties())
        backend.store_parent(document, run_type=cls.run_type)
        return parent

    def start(self) -> None:
        self._thread.start()

    # for subclasses ---------------------------------------------------------------------
    def validate(self) -> None:
        raise NotImplementedError

    def run_properties(self) -> dict[str, str]:
        """Service-set properties of the parent resource and run."""
        return {}

    def drive(self) -> None:
        raise NotImplementedError

    # child bookkeeping --------------------------------------------------------------------
    def child_changed(self, child: str, status: RunStatus) -> None:
        """Told by the backend on every child status; wakes the driver when one ends."""
        if status.is_terminal:
            with self._changed:
                self._ended[child] = status
                self._changed.notify_all()

    def cancel(self) -> None:
        with self._changed:
            self.canceled = True
            self._changed.notify_all()

    def wait_any(self, running: Iterable[str], timeout: float | None = None
                 ) -> dict[str, RunStatus]:
        """Children of ``running`` that have ended; blocks until one has, or a cancel."""
        watched = set(running)
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while not self.canceled and not watched & self._ended.keys():
                if deadline is not None and time.monotonic() >= deadline:
                    break
                self._changed.wait(WAIT_SLICE_S)
            return {c: self._ended[c] for c in watched & self._ended.keys()}

    def stop_children(self, running: Iterable[str]) -> dict[str, RunStatus]:
        """Cancel children still running and wait (bounded) until they have ended."""
        watched = set(running)
        for child in watched:
            self.backend.cancel_child(child)
        deadline = time.monotonic() + CANCEL_WAIT_S
        with self._changed:
            while watched - self._ended.keys() and time.monotonic() < deadline:
                self._changed.wait(WAIT_SLICE_S)
            return {c: self._ended[c] for c in watched & self._ended.keys()}

    def finish(self, status: str, error: str | None = None) -> None:
        self.backend.set_status(self.name, status, error=error)

    def _main(self) -> None:
        try:
            self.drive()
        except Exception as exc:  # a driver bug must still end the job, not hang the SDK
            log.exception("Driving job %s failed", self.name)
            self.finish("Failed", f"The aml-parity local workspace could not run this job: "
                        f"{type(exc).__name__}: {exc}")
