"""The probe's own ClientHello (`tui.registry.probe.transport.speaks_tls`): a TLS server
answers it with a ServerHello, whatever TLS version it tops out at; plain HTTP, a closed
connection and silence are told apart from TLS as a failed handshake would tell them. Servers on
127.0.0.1 only."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pytest

from tui.registry.probe import transport
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure


@contextmanager
def one_connection(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A server on 127.0.0.1 that hands its first connection to `handle`; yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            with suppress(OSError, ssl.SSLError):
                handle(conn)

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
        worker.join(5)


def tls_server(lab_certs, version: ssl.TLSVersion) -> Callable[[socket.socket], None]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(lab_certs.server.cert, lab_certs.server.key)
    context.maximum_version = version

    def handle(conn: socket.socket) -> None:
        with context.wrap_socket(conn, server_side=True):
            pass  # the client never finishes the handshake: this raises, which is fine

    return handle


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
@pytest.mark.parametrize("name", ["localhost", None])
def test_a_tls_server_answers_the_hello_with_a_server_hello(lab_certs, version, name):
    with one_connection(tls_server(lab_certs, version)) as port, connect(port) as sock:
        sock.sendall(transport.client_hello(name))
        start = sock.recv(5)
    assert start[:1] == b"\x16" and start[1:2] == b"\x03", start  # a handshake, not an alert


def test_speaks_tls_returns_for_a_tls_server(lab_certs):
    handle = tls_server(lab_certs, ssl.TLSVersion.TLSv1_3)
    with one_connection(handle) as port:
        sock = transport.connect(f"localhost:{port}", [(socket.AF_INET, ("127.0.0.1", port))],
                                 Deadline(2.0))
        assert transport.speaks_tls(sock, "localhost", Deadline(2.0), 1.0) is None


def _plain_http(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")


def _closes(conn: socket.socket) -> None:
    conn.recv(4096)


def _silent(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.recv(4096)  # waits for more than the hello (the client gives up first)


@pytest.mark.parametrize(("handle", "code"), [
    (_plain_http, "TLS_NOT_TLS"), (_closes, "TLS_NOT_TLS"), (_silent, "REGISTRY_SLOW"),
], ids=["plain-http", "closes", "silent"])
def test_what_is_not_tls(handle, code):
    with one_connection(handle) as port:
        sock = transport.connect(f"127.0.0.1:{port}", [(socket.AF_INET, ("127.0.0.1", port))],
                                 Deadline(2.0))
        with pytest.raises(ProbeFailure) as caught:
            transport.speaks_tls(sock, "127.0.0.1", Deadline(2.0), 0.3)
    assert (caught.value.code, caught.value.stage) == (code, "tls")


@pytest.mark.parametrize(("start", "tls"), [
    (b"\x16\x03\x03\x00\x7a", True), (b"\x15\x03\x01", True), (b"HTTP/1.1 400", False),
    (b"\x16", False), (b"", False), (b"\x17\x03\x03", False),
])
def test_record_header(start, tls):
    assert transport.is_tls_record(start) is tls


def test_the_hello_names_the_server_only_by_name():
    assert b"localhost" in transport.client_hello("localhost")
    assert transport.client_hello(None, bytes(64)) == transport.client_hello(None, bytes(64))
    assert transport.client_hello(None)[:3] == b"\x16\x03\x01"
