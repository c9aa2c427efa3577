"""The replay network guard: loopback and Unix sockets only, every refusal reported."""

from __future__ import annotations

import socket

import pytest

from harness.cassettes.guard import NetworkBlocked, is_local, no_network


@pytest.mark.parametrize(("address", "local"), [
    (("127.0.0.1", 80), True), (("::1", 80, 0, 0), True), (("localhost", 1), True),
    ("/tmp/socket", True), (("20.42.0.1", 443), False), (("management.azure.com", 443), False),
])
def test_only_loopback_is_local(address: object, local: bool) -> None:
    assert is_local(address) is local


def test_a_connection_off_the_machine_is_refused_and_reported() -> None:
    refused: list[str] = []
    with no_network(refused.append), socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("20.42.0.1", 443))
    assert refused == ["20.42.0.1:443"]


def test_loopback_still_connects_and_the_guard_goes_away_after() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with no_network(lambda _: None), socket.create_connection(server.getsockname()):
            pass
    assert socket.socket.connect.__qualname__ != "no_network.<locals>.connect"
