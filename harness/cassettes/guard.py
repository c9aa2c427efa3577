"""The harness's own network guard for replays: no socket may leave the machine.

vcrpy answers every HTTP request from the cassette (or refuses it), but a
library could open a socket some other way. In a replay-only side worker the
harness wraps `socket.socket.connect`/`connect_ex` so that anything but
loopback and Unix sockets is refused and reported. This guards the harness's
process; it does not change what any SDK does when it is allowed to run.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any


class NetworkBlocked(ConnectionRefusedError):
    """A replay tried to reach the network."""


def is_local(address: Any) -> bool:
    """Unix sockets, 127.0.0.0/8, ::1 and `localhost` are local; everything else is not."""
    if isinstance(address, str | bytes):
        return True  # AF_UNIX path
    host = address[0] if isinstance(address, tuple) and address else ""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def no_network(report: Callable[[str], None]) -> Iterator[None]:
    """Within the block, non-local connects raise NetworkBlocked after `report(address)`."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def _check(address: Any) -> None:
        if not is_local(address):
            target = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
            report(target)
            raise NetworkBlocked(f"aml-parity replay: network access to {target} is blocked "
                                 "(the cassette must answer every request)")

    def connect(self: socket.socket, address: Any) -> None:
        _check(address)
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address)
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
