"""Ask the Docker daemon `GET /_ping` with the standard library only (start-up stays lean).

The daemon is found from `DOCKER_HOST` (`unix://` or `tcp://`) or `/var/run/docker.sock`.
The answer is `available` (200 OK), `absent` (nothing listens) or `error` (something answers
but not as a daemon, or not in time).
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

from tui.registry.probe.deadline import Deadline

DEFAULT_SOCKET = "/var/run/docker.sock"
MAX_ANSWER = 64 * 1024

AVAILABLE, ABSENT, ERROR = "available", "absent", "error"


def daemon_address(environ: Mapping[str, str]) -> tuple[str, object] | None:
    """(`unix`, path) or (`tcp`, (host, port)) for the daemon; None for an unsupported scheme."""
    host = (environ.get("DOCKER_HOST") or "").strip()
    if not host:
        return "unix", DEFAULT_SOCKET
    if host.startswith("unix://"):
        return "unix", host[len("unix://"):] or DEFAULT_SOCKET
    if host.startswith("tcp://"):
        try:
            parts = urlsplit(host)
            port = parts.port or 2375
        except ValueError:
            return None
        if not parts.hostname:
            return None
        return "tcp", (parts.hostname, port)
    return None


def ping_daemon(environ: Mapping[str, str], timeout: float) -> str:
    """`available`, `absent` or `error`: whether a Docker daemon answers `/_ping` in time.

    A `tcp://` daemon is spoken to over TLS when `DOCKER_TLS_VERIFY` (verified against
    `$DOCKER_CERT_PATH/ca.pem`) or `DOCKER_TLS` is set, as the docker CLI does.
    """
    address = daemon_address(environ)
    if address is None:
        return ERROR
    deadline = Deadline(timeout, total=max(0.05, timeout))
    try:
        sock = _connect(address, deadline)
        if address[0] == "tcp" and _wants_tls(environ):
            sock = _wrap_tls(sock, environ, str(address[1][0]), deadline)  # type: ignore[index]
    except (FileNotFoundError, ConnectionRefusedError, socket.gaierror):
        return ABSENT
    except (OSError, ValueError):  # permission, timeout, unreachable, a bad path or host
        return ERROR
    try:
        with sock:
            host = "localhost" if address[0] == "unix" else address[1][0]  # type: ignore[index]
            request = f"GET /_ping HTTP/1.0\r\nHost: {host}\r\nUser-Agent: registry-doctor\r\n\r\n"
            sock.settimeout(deadline.left())
            sock.sendall(request.encode("ascii", "replace"))
            answer = _read_answer(sock, deadline)
    except OSError:
        return ERROR
    return AVAILABLE if _is_ok(answer) else ERROR


def _connect(address: tuple[str, object], deadline: Deadline) -> socket.socket:
    kind, where = address
    if kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.left())
            sock.connect(str(where))
        except BaseException:
            sock.close()
            raise
        return sock
    if not isinstance(where, tuple):
        raise ValueError(f"not a host and port: {where!r}")
    host, port = where
    return socket.create_connection((str(host), int(port)), timeout=deadline.left())


def _wants_tls(environ: Mapping[str, str]) -> bool:
    return any((environ.get(name) or "").strip() not in ("", "0")
               for name in ("DOCKER_TLS_VERIFY", "DOCKER_TLS"))


def _wrap_tls(
    sock: socket.socket, environ: Mapping[str, str], host: str, deadline: Deadline
) -> socket.socket:
    """The connection wrapped in TLS with the CLI's files (`ca.pem`, `cert.pem`, `key.pem`)."""
    import ssl
    from pathlib import Path

    folder = Path(environ.get("DOCKER_CERT_PATH") or Path.home() / ".docker")
    verify = (environ.get("DOCKER_TLS_VERIFY") or "").strip() not in ("", "0")
    try:
        ca = folder / "ca.pem"
        context = ssl.create_default_context(cafile=str(ca) if verify and ca.is_file() else None)
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if (folder / "cert.pem").is_file() and (folder / "key.pem").is_file():
            context.load_cert_chain(str(folder / "cert.pem"), str(folder / "key.pem"))
        sock.settimeout(deadline.left())
        return context.wrap_socket(sock, server_hostname=host)
    except BaseException:
        sock.close()
        raise


def _read_answer(sock: socket.socket, deadline: Deadline) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < MAX_ANSWER:
        sock.settimeout(deadline.left())
        chunk = sock.recv(4096)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        data = b"".join(chunks)
        _head, sep, body = data.partition(b"\r\n\r\n")
        if sep and body.strip() == b"OK":
            break
    return b"".join(chunks)


def _is_ok(answer: bytes) -> bool:
    head, sep, body = answer.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].split()
    return (
        bool(sep)
        and len(status) >= 2
        and status[0].startswith(b"HTTP/1.")
        and status[1] == b"200"
        and body.strip() == b"OK"
    )
