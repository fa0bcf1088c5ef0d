"""Small threaded HTTP(S) servers on loopback for the lab's token service and fault servers."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

LOOPBACK = ("127.0.0.1", "::1")


class LabHTTPServer(ThreadingHTTPServer):
    """A threaded server bound to a loopback address; TLS (if any) is done per connection thread,
    so a client that stalls in the handshake never blocks the accept loop."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self,
        host: str,
        handler: type[BaseHTTPRequestHandler],
        tls: ssl.SSLContext | None = None,
        log: Path | None = None,
    ):
        if host not in LOOPBACK:
            raise ValueError(f"lab servers bind to loopback only, not {host}")
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.tls = tls
        self.log_path = log
        self.log_lock = threading.Lock()
        self.stopping = threading.Event()
        super().__init__((host, 0), handler)

    def finish_request(self, request, client_address):
        """Wrap the connection in TLS (in this connection's thread) before handling it."""
        if self.tls is not None:
            request.settimeout(10)
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                return
            request.settimeout(None)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        """Quietly drop connection errors (clients of fault servers give up on purpose)."""

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def hostport(self) -> str:
        """ "127.0.0.1:PORT" or "[::1]:PORT"."""
        host = self.server_address[0]
        return f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"

    def start(self) -> LabHTTPServer:
        """Serve in a daemon thread; returns self."""
        thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"lab-http-{self.port}",
            daemon=True,
        )
        thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers, stop serving and close the socket."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


class LabHandler(BaseHTTPRequestHandler):
    """Base handler: HTTP/1.1, no Nagle delay, quiet logging to the server's log file."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: LabHTTPServer
    server_version = "lab"
    sys_version = ""
    json_type: ClassVar[str] = "application/json; charset=utf-8"

    def log_message(self, format: str, *args) -> None:
        path = self.server.log_path
        if path is None:
            return
        with self.server.log_lock, open(path, "a", encoding="utf-8") as log:
            log.write(f"{self.address_string()} {format % args}\n")

    def reply(
        self,
        status: int,
        body: bytes | str | dict = b"",
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        """Send a complete answer (status, headers, body)."""
        if isinstance(body, dict):
            body = json.dumps(body).encode()
            content_type = content_type or self.json_type
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self) -> bytes:
        """The request body (by Content-Length)."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def hang(self) -> None:
        """Block this connection until the server stops (never answers)."""
        self.server.stopping.wait()
        self.close_connection = True
