"""The local workspace server: one TCP port on 127.0.0.1 acting as an HTTPS proxy target.

Design: clients get ``HTTPS_PROXY=http://127.0.0.1:<port>``. For every ``CONNECT
host:port`` the server answers ``200``, terminates TLS on that same socket with a
certificate for ``host`` minted by the folder's CA, and serves the HTTP/1.1 requests that
follow (keep-alive, chunked bodies, ``Expect: 100-continue``), dispatched by Host header
through the :class:`~harness.workspace.router.Router`. Every CONNECT is accepted, even
for hosts no service owns: the request inside is then answered ``404`` and logged with
its host, method and path, which names the leak far better than a refused CONNECT would.

Plain HTTP on the port serves only ``GET /_parity/health`` (used by the runtime to check
that a server is alive and whose folder it serves) and absolute-form proxy requests
(``HTTP_PROXY`` traffic), which are routed like tunnelled ones with scheme ``http``.
Direct HTTPS to the port is not offered: the proxy is the one way in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from .calllog import CallLog
from .context import WorkspaceContext
from .http import Headers, Request, Response, http_date, new_id
from .router import Outcome, Router
from .services import all_services
from .tls import CertificateAuthority

logger = logging.getLogger("harness.workspace")

SERVER_FILE = "server.json"
HEALTH_PATH = "/_parity/health"
IDLE_TIMEOUT_S = 300
MAX_BODY_BYTES = 1 << 31


class BadFraming(ValueError):
    """The request body framing (chunked encoding, Content-Length) is broken."""


def _read_chunked(rfile: Any) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(65537)
        if not line:
            raise BadFraming("connection closed inside a chunked body")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError as exc:
            raise BadFraming(f"bad chunk size line {line[:40]!r}") from exc
        if size == 0:
            while rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(parts)
        total += size
        if total > MAX_BODY_BYTES:
            raise BadFraming("chunked body too large")
        parts.append(rfile.read(size))
        rfile.readline(3)


class _Handler(BaseHTTPRequestHandler):
    """Shared request serving for plain and tunnelled connections."""

    protocol_version = "HTTP/1.1"
    server_version = "aml-parity-local-workspace"
    sys_version = ""
    timeout = IDLE_TIMEOUT_S
    server: WorkspaceServer
    scheme: ClassVar[str] = "https"
    tunnel_host: str | None = None

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the stdlib's per-request stderr line; calls go to the call log."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return _read_chunked(self.rfile)
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError as exc:
            raise BadFraming(f"bad Content-Length {length!r}") from exc
        if size < 0 or size > MAX_BODY_BYTES:
            raise BadFraming(f"bad Content-Length {length!r}")
        return self.rfile.read(size)

    def _serve(self) -> None:
        started = time.perf_counter()
        target = urlsplit(self.path)
        if target.scheme and target.netloc:  # absolute form: plain HTTP proxy request
            authority, scheme = target.netloc, target.scheme
        else:
            authority = self.headers.get("Host") or self.tunnel_host or ""
            scheme = self.scheme
        host = authority.rsplit(":", 1)[0] if not authority.endswith("]") else authority
        if authority.endswith(":443") and scheme == "https":
            authority = authority[: -len(":443")]
        try:
            body = self._read_body()
        except BadFraming as exc:
            self.close_connection = True
            self._send(Response.json({"error": {"code": "BadRequest", "message": str(exc),
                                                "details": []}}, status=400))
            return
        request = Request(
            method=self.command,
            host=host.lower(),
            authority=authority,
            path=unquote(target.path or "/"),
            raw_path=target.path or "/",
            query_string=target.query,
            headers=Headers(list(self.headers.items())),
            body=body,
            scheme=scheme,
            context=self.server.context,
        )
        response, outcome = self.server.router.dispatch(request)
        self._send(response)
        duration_ms = (time.perf_counter() - started) * 1000
        self.server.note_call(request, response.status, duration_ms, outcome)

    def _send(self, response: Response) -> None:
        self.send_response_only(response.status)
        headers = {k.lower(): (k, v) for k, v in response.headers.items()}
        headers.setdefault("date", ("Date", http_date()))
        headers.setdefault("server", ("Server", self.server_version))
        headers.setdefault("x-ms-request-id", ("x-ms-request-id", new_id()))
        no_body = self.command == "HEAD" or response.status in (204, 304)
        if response.status in (204, 304):
            headers.pop("content-length", None)
        elif not (self.command == "HEAD" and "content-length" in headers):
            headers["content-length"] = ("Content-Length", str(len(response.body)))
        if self.close_connection:
            headers["connection"] = ("Connection", "close")
        for name, value in headers.values():
            self.send_header(name, value)
        self.end_headers()
        if not no_body and response.body:
            self.wfile.write(response.body)
        self.wfile.flush()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve


class _TunnelHandler(_Handler):
    """Serves the HTTP requests inside one TLS-terminated CONNECT tunnel."""

    scheme = "https"

    def __init__(self, tls_socket: ssl.SSLSocket, address: Any, server: WorkspaceServer,
                 tunnel_host: str) -> None:
        self.tunnel_host = tunnel_host
        super().__init__(tls_socket, address, server)  # type: ignore[arg-type]


class _ProxyHandler(_Handler):
    """The listener's own connections: CONNECT, health, absolute-form proxy requests."""

    scheme = "http"

    def do_CONNECT(self) -> None:
        host, _, port = self.path.rpartition(":")
        host = (host or self.path).strip("[]").lower()
        self.send_response_only(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        context = self.server.ca.server_context(host)
        try:
            tls_socket = context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            logger.warning("TLS handshake failed for CONNECT %s:%s: %s", host, port, exc)
            return
        try:
            _TunnelHandler(tls_socket, self.client_address, self.server, host)
        except (ssl.SSLError, ConnectionError, TimeoutError):
            pass  # the client went away; nothing to answer
        finally:
            with contextlib.suppress(OSError):
                tls_socket.close()

    def _serve(self) -> None:
        if self.command == "GET" and self.path == HEALTH_PATH:
            self._send(Response.json(self.server.health()))
            return
        super()._serve()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve


class WorkspaceServer(ThreadingHTTPServer):
    """The listening socket plus everything handlers need: router, context, CA, call log."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, directory: Path, port: int = 0, log_calls: Path | None = None) -> None:
        self.directory = directory.resolve()
        self.context = WorkspaceContext(self.directory)
        self.ca = CertificateAuthority(self.directory)
        self.router = Router.from_services(all_services())
        self.router.start(self.context)
        self.call_log = CallLog(log_calls) if log_calls else None
        self.started_at = time.time()
        super().__init__(("127.0.0.1", port), _ProxyHandler)
        self.context.port = self.port

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "pid": os.getpid(), "port": self.port,
                "directory": str(self.directory), "started_at": self.started_at}

    def note_call(self, request: Request, status: int, duration_ms: float,
                  outcome: Outcome) -> None:
        """Log refusals on one line each and every call to the call log, if any."""
        if outcome is Outcome.UNKNOWN_HOST:
            logger.warning("unknown host %s: %s %s -> %d", request.host, request.method,
                           request.path, status)
        elif outcome is Outcome.UNKNOWN_ROUTE:
            logger.warning("unknown route on %s: %s %s -> %d", request.host, request.method,
                           request.path, status)
        if self.call_log is not None:
            self.call_log.record(host=request.host, method=request.method, path=request.path,
                                 query=request.query_string, status=status,
                                 duration_ms=duration_ms, outcome=outcome.value)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a broken connection in one line instead of the stdlib's traceback dump."""
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)

    def write_server_file(self) -> None:
        """Announce this server (pid, port) to other processes: the ready file."""
        path = self.directory / SERVER_FILE
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.health()))
        os.replace(tmp, path)

    def remove_server_file(self) -> None:
        path = self.directory / SERVER_FILE
        try:
            if json.loads(path.read_text()).get("pid") == os.getpid():
                path.unlink()
        except (OSError, ValueError):
            pass

    def server_close(self) -> None:
        super().server_close()
        if self.call_log is not None:
            self.call_log.close()


def serve(directory: Path, port: int = 0, log_calls: Path | None = None) -> None:
    """Run a server in the foreground until SIGINT/SIGTERM."""
    _run_in_utc()
    server = WorkspaceServer(directory, port, log_calls)

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.write_server_file()
    logger.info("local workspace serving %s on 127.0.0.1:%d (pid %d)", server.directory,
                server.port, os.getpid())
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.remove_server_file()
        server.server_close()
        logger.info("local workspace on port %d stopped", server.port)


def _run_in_utc() -> None:
    """Azure ML computes run in UTC: so do this server, its jobs and its scoring servers,
    whatever this machine's time zone (logs a cassette keeps then say nothing about it)."""
    os.environ["TZ"] = "UTC"
    if hasattr(time, "tzset"):
        time.tzset()


def port_is_open(port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False
