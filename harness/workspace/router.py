"""Routes requests to service handlers by (host pattern, method, path pattern).

Adding a service
----------------
1. Create ``harness/workspace/services/<name>/`` with moto's four modules:

   - ``models.py``: the backend, a class taking the :class:`WorkspaceContext`; state and
     behaviour only, no HTTP. Get the instance in a handler with
     ``request.ctx.backend(MyBackend)``; keep state in ``ctx.store`` / blob files. The
     service's startup hook, if it has one, is a function here (``start_jobs(context)``)
     or in the executor subpackage that resumes its runs (``start_pipelines``).
   - ``responses.py``: one function per operation, ``handler(request) -> Response``:
     read the wire request (``request.params``, ``request.query``, ``request.json()``),
     call the backend, render the wire response (``Response.json(...)``).
   - ``exceptions.py``: an :class:`ErrorShape` subclass rendering the service's own error
     body, plus :class:`~harness.workspace.http.HttpError` subclasses that handlers raise.
   - ``urls.py``: the route table, a ``SERVICE = Service(...)`` value, and nothing else;
     every route of the service is here, and only its routes.

   Wire documents rendered from backend state go to ``documents.py`` (functions) or
   ``views.py`` (a class built like a backend) when ``responses.py`` would grow too big
   for them; a service without state of its own (discovery, the v1 datastore view) has
   those and no ``models.py``. Code that starts or watches processes or drives runs (a
   job's files and hooks, pipeline and sweep drivers, scoring servers) goes to
   :mod:`harness.workspace.executor`, one subpackage per concern; the backend owns the
   executor and calls it. A backend that must hear about runs (their details being read,
   a cancel) subclasses :class:`~harness.workspace.services.runhistory.models.RunObserver`
   and registers with ``RunStore.observe``: the one way to follow runs.

2. Add ``<name>`` to ``SERVICE_PACKAGES`` in ``harness/workspace/services/__init__.py``.

``Service.startup`` (optional) runs once when the server starts, to seed state (the blob
service creates the datastores' containers).

``Service.claims`` maps a host pattern to the path prefix the service owns on that host;
a request on a known host that matches no route gets the 404 of the service with the
longest claimed prefix (so ``/mlflow/`` can answer in MLflow's shape while the rest of
``<region>.api.azureml.ms`` answers in the v1 shape). Within the route list, the first
full match of method + path wins. Host patterns live in :mod:`harness.workspace.hosts`.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .http import HttpError, MalformedBody, Request, Response

if TYPE_CHECKING:
    from .context import WorkspaceContext

logger = logging.getLogger("harness.workspace")

Handler = Callable[[Request], Response]
RouteSpec = tuple[str, str, str, Handler]  # (host pattern, method, path regex, handler)


class ErrorShape:
    """How one service writes errors; subclasses implement :meth:`error`."""

    def error(self, request: Request, status: int, code: str, message: str) -> Response:
        raise NotImplementedError

    def not_found(self, request: Request) -> Response:
        message = f"No route for {request.method} {request.path} on {request.host}."
        return self.error(request, 404, "NotFound", message)

    def bad_request(self, request: Request, message: str) -> Response:
        return self.error(request, 400, "BadRequest", message)

    def internal_error(self, request: Request, message: str) -> Response:
        return self.error(request, 500, "InternalServerError", message)


@dataclass(frozen=True)
class Service:
    """One emulated service: its routes, the host parts it owns, its error shape."""

    name: str
    errors: ErrorShape
    claims: Mapping[str, str]
    routes: Sequence[RouteSpec]
    ignore_case: bool = False
    startup: Callable[[WorkspaceContext], None] | None = None


class Outcome(enum.Enum):
    """What became of a request, for the server's log."""

    HANDLED = "handled"
    UNKNOWN_HOST = "unknown-host"
    UNKNOWN_ROUTE = "unknown-route"
    FAILED = "failed"


@dataclass(frozen=True)
class _Route:
    host: re.Pattern[str]
    method: str
    path: re.Pattern[str]
    handler: Handler
    service: Service


@dataclass
class Router:
    """All registered routes; :meth:`dispatch` turns a Request into a Response."""

    _routes: list[_Route] = field(default_factory=list)
    _claims: list[tuple[re.Pattern[str], str, Service]] = field(default_factory=list)
    _hosts: dict[str, re.Pattern[str]] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)

    @classmethod
    def from_services(cls, services: Iterable[Service]) -> Router:
        router = cls()
        for service in services:
            router.add(service)
        return router

    def _host(self, pattern: str) -> re.Pattern[str]:
        if pattern not in self._hosts:
            self._hosts[pattern] = re.compile(pattern)
        return self._hosts[pattern]

    def add(self, service: Service) -> None:
        self.services.append(service)
        flags = re.IGNORECASE if service.ignore_case else 0
        for host, method, path, handler in service.routes:
            self._routes.append(
                _Route(self._host(host), method.upper(), re.compile(path, flags), handler, service)
            )
        for host, prefix in service.claims.items():
            self._claims.append((self._host(host), prefix, service))

    def start(self, context: WorkspaceContext) -> None:
        """Run every service's startup hook against the workspace."""
        for service in self.services:
            if service.startup is not None:
                service.startup(context)

    def knows_host(self, host: str) -> bool:
        return any(p.fullmatch(host) for p in self._hosts.values())

    def _owner(self, request: Request) -> Service | None:
        """The service whose claimed prefix on this host is the longest match."""
        best: tuple[int, Service] | None = None
        for host, prefix, service in self._claims:
            owns = host.fullmatch(request.host) and request.path.startswith(prefix)
            if owns and (best is None or len(prefix) > best[0]):
                best = (len(prefix), service)
        return None if best is None else best[1]

    def dispatch(self, request: Request) -> tuple[Response, Outcome]:
        for route in self._routes:
            if route.method != request.method:
                continue
            host_match = route.host.fullmatch(request.host)
            if host_match is None:
                continue
            path_match = route.path.fullmatch(request.path)
            if path_match is None:
                continue
            request.params = {
                **{k: v for k, v in host_match.groupdict().items() if v is not None},
                **{k: v for k, v in path_match.groupdict().items() if v is not None},
            }
            return self._call(route, request)
        owner = self._owner(request)
        if owner is not None:
            return owner.errors.not_found(request), Outcome.UNKNOWN_ROUTE
        if self.knows_host(request.host):
            return _plain_not_found(request), Outcome.UNKNOWN_ROUTE
        return _plain_not_found(request), Outcome.UNKNOWN_HOST

    def _call(self, route: _Route, request: Request) -> tuple[Response, Outcome]:
        errors = route.service.errors
        try:
            return route.handler(request), Outcome.HANDLED
        except HttpError as exc:
            return exc.response, Outcome.HANDLED
        except MalformedBody as exc:
            return errors.bad_request(request, str(exc)), Outcome.HANDLED
        except Exception as exc:
            logger.exception(
                "%s handler failed for %s %s%s", route.service.name, request.method,
                request.host, request.path,
            )
            return errors.internal_error(request, f"{type(exc).__name__}: {exc}"), Outcome.FAILED


def _plain_not_found(request: Request) -> Response:
    """The answer for hosts no service owns: the local workspace does not serve them."""
    return Response.json(
        {
            "error": {
                "code": "NotFound",
                "message": f"The aml-parity local workspace does not serve "
                f"{request.method} {request.host}{request.path}.",
                "details": [],
            }
        },
        status=404,
    )
