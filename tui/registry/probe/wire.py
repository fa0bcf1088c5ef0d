"""A minimal HTTP/1.1 connection over an open socket (keep-alive, Content-Length, chunked).

Just what the probe needs, so start-up does not pay for `http.client` and its `email` imports.
"""

from __future__ import annotations

import _socket
from collections.abc import Mapping

_MAX_HEAD = 64 * 1024


class WireError(Exception):
    """The peer broke the HTTP protocol or closed the connection early."""


class Connection:
    """One connection to one host:port; `sock` is None once closed."""

    def __init__(self, sock: _socket.socket, host_header: str) -> None:
        self.sock: _socket.socket | None = sock
        self.host_header = host_header
        self.used = False
        self._buf = b""

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def exchange(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes | None,
        max_body: int, timeout: float,
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """Send one request and read its answer (the body cut at `max_body` bytes)."""
        if self.sock is None:
            raise WireError("connection closed")
        self.sock.settimeout(timeout)
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host_header}",
                 "User-Agent: registry-doctor", "Accept-Encoding: identity"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        self.used = True
        status, reason, version, answer = self._head()
        while 100 <= status < 200:  # 100 Continue and friends
            status, reason, version, answer = self._head()
        fields = {name: value for name, value in answer}
        keep = version == "HTTP/1.1" and fields.get("connection", "").lower() != "close"
        if method == "HEAD" or status in (204, 304):
            data, complete = b"", True
        elif "chunked" in fields.get("transfer-encoding", "").lower():
            data, complete = self._chunked(max_body)
        elif fields.get("content-length", "").strip().isdigit():
            length = int(fields["content-length"].strip())
            data = self._exact(min(length, max_body))
            complete = length <= max_body
        else:
            data, complete = self._until_close(max_body), False
        if not (keep and complete):
            self.close()
        return status, reason, answer, data

    def _fill(self) -> None:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            raise WireError("the server closed the connection")
        self._buf += chunk

    def _line(self) -> bytes:
        while b"\r\n" not in self._buf:
            if len(self._buf) > _MAX_HEAD:
                raise WireError("header line too long")
            self._fill()
        line, _, self._buf = self._buf.partition(b"\r\n")
        return line

    def _head(self) -> tuple[int, str, str, list[tuple[str, str]]]:
        status_line = self._line().decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise WireError(f"not an HTTP answer: {status_line[:60]!r}")
        headers: list[tuple[str, str]] = []
        size = 0
        while True:
            line = self._line()
            if not line:
                break
            size += len(line)
            if size > _MAX_HEAD:
                raise WireError("headers too long")
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        return int(parts[1]), parts[2] if len(parts) > 2 else "", parts[0], headers

    def _exact(self, size: int) -> bytes:
        while len(self._buf) < size:
            self._fill()
        data, self._buf = self._buf[:size], self._buf[size:]
        return data

    def _chunked(self, max_body: int) -> tuple[bytes, bool]:
        data = b""
        while True:
            size_text = self._line().split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise WireError("bad chunk size") from None
            if size == 0:
                while self._line():  # trailers
                    pass
                return data, True
            if len(data) + size > max_body:
                data += self._exact(max(0, max_body - len(data)))
                return data, False
            data += self._exact(size)
            self._line()

    def _until_close(self, max_body: int) -> bytes:
        try:
            while len(self._buf) < max_body:
                self._fill()
        except WireError:
            pass
        data, self._buf = self._buf[:max_body], b""
        return data
