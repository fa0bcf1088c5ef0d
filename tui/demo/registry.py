"""The demo's own registries: small Registry v2 servers on loopback, started and stopped by it.

Three hosts, each on a free 127.0.0.1 port:

- `basic`: HTTP Basic auth (user `demo-pull`); `acme/app` (an index for linux/amd64 and
  linux/arm64, one layer each) and `acme/tools` (tags `2.0`, `2.0.1`: the demo asks for `2.1`);
- `token`: a Bearer challenge whose token service (`/token` on the same port) refuses the demo's
  wrong password, as Docker Hub, GHCR or ACR would;
- `silent`: accepts connections and never answers (the demo's short bound turns it into a
  finding in about a second).

Nothing is written to disk; the threads are daemons and `stop()` closes every socket.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import io
import json
import re
import secrets
import socket
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tui.record import field, record

BASIC_USER, BASIC_PASSWORD = "demo-pull", "demo-pull-password-2026"
TOKEN_USER, TOKEN_PASSWORD = "team-ci", "team-ci-right-password"
"""The token host's real password; the demo's secret holds another one."""
SERVICE = "demo-registry"

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
_PATH = re.compile(r"^/v2/(?P<name>.+)/(?P<kind>manifests|blobs|tags)/(?P<ref>[^/]+)$")


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer_tar(text: str) -> tuple[bytes, str]:
    """A gzipped tar holding one file `hello.txt` (fixed times: the same bytes every run), and
    its uncompressed digest (the image config's diff_id)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        data = text.encode()
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mtime, info.mode = len(data), 0, 0o644
        archive.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0), _digest(raw.getvalue())


@record
class Content:
    """Blobs and manifests by digest, tags by repository."""

    blobs: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, media_type: str, data: bytes) -> dict:
        digest = _digest(data)
        self.blobs[digest] = (media_type, data)
        return {"mediaType": media_type, "digest": digest, "size": len(data)}

    def image(self, arch: str, text: str) -> dict:
        """An image manifest for linux/`arch`; returns its descriptor."""
        layer, diff_id = layer_tar(text)
        config = json.dumps({"architecture": arch, "os": "linux",
                             "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": self.add(OCI_CONFIG, config),
                    "layers": [self.add(OCI_LAYER, layer)]}
        descriptor = self.add(OCI_MANIFEST, json.dumps(manifest).encode())
        return {**descriptor, "platform": {"architecture": arch, "os": "linux"}}

    def tag(self, repository: str, tag: str, descriptor: dict) -> None:
        self.tags.setdefault(repository, {})[tag] = descriptor["digest"]


def demo_content() -> Content:
    """What the demo registries serve."""
    content = Content()
    amd64 = content.image("amd64", "hello from the demo image (linux/amd64)\n")
    arm64 = content.image("arm64", "hello from the demo image (linux/arm64)\n")
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX,
                        "manifests": [amd64, arm64]}).encode()
    app = content.add(OCI_INDEX, index)
    for tag in ("1.0", "1.1"):
        content.tag("acme/app", tag, app)
    for tag in ("2.0", "2.0.1"):
        content.tag("acme/tools", tag, amd64)
    content.tag("team/base", "3", amd64)
    return content


def _error(code: str, message: str) -> bytes:
    return json.dumps({"errors": [{"code": code, "message": message}]}).encode()


class _Handler(BaseHTTPRequestHandler):
    """One registry's answers; `server.registry` holds its auth mode and content."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet: the demo owns the screen
        return

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json",
              headers: dict[str, str] | None = None, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Docker-Distribution-API-Version", "registry/2.0")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _answer(self, head: bool) -> None:
        registry = self.server.registry
        path = self.path.split("?", 1)[0]
        if path == "/token" and registry.mode == "token":
            self._token()
            return
        match = _PATH.match(path)
        name = match.group("name") if match else None
        if not registry.allowed(self.headers.get("Authorization", ""), name):
            challenge = registry.challenge(name)
            self._send(401, _error("UNAUTHORIZED", "authentication required"),
                       headers={"WWW-Authenticate": challenge}, head=head)
            return
        if path in ("/v2/", "/v2"):
            self._send(200, b"{}", head=head)
            return
        if match is None:
            self._send(404, _error("NAME_UNKNOWN", "repository name not known to registry"),
                       head=head)
            return
        kind, ref = match.group("kind"), match.group("ref")
        tags = registry.content.tags.get(str(name))
        if tags is None:
            self._send(404, _error("NAME_UNKNOWN", "repository name not known to registry"),
                       head=head)
        elif kind == "tags":
            body = json.dumps({"name": name, "tags": sorted(tags)}).encode()
            self._send(200, body, head=head)
        else:
            self._content(kind, ref, tags, head)

    def _content(self, kind: str, ref: str, tags: dict[str, str], head: bool) -> None:
        digest = tags.get(ref, ref if ref.startswith("sha256:") else "")
        found = self.server.registry.content.blobs.get(digest)
        if found is None:
            code = "MANIFEST_UNKNOWN" if kind == "manifests" else "BLOB_UNKNOWN"
            self._send(404, _error(code, f"{kind[:-1]} unknown"), head=head)
            return
        media_type, data = found
        headers = {"Docker-Content-Digest": digest}
        ranged = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        if kind == "blobs" and ranged:
            start, end = int(ranged.group(1)), min(int(ranged.group(2)), len(data) - 1)
            headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            self._send(206, data[start:end + 1], media_type, headers, head)
            return
        self._send(200, data, media_type if kind == "manifests" else "application/octet-stream",
                   headers, head)

    def _token(self) -> None:
        registry = self.server.registry
        user, password = _basic(self.headers.get("Authorization", ""))
        if user is not None and (user, password) != (TOKEN_USER, TOKEN_PASSWORD):
            self._send(401, _error("UNAUTHORIZED", "invalid username or password"))
            return
        token = secrets.token_urlsafe(24)
        with registry.lock:
            registry.tokens[token] = user is not None  # anonymous tokens may pull nothing
        self._send(200, json.dumps({"token": token, "access_token": token,
                                    "expires_in": 300}).encode())


def _basic(header: str) -> tuple[str | None, str | None]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        user, _, password = base64.b64decode(value.strip()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None, None
    return user, password


@record
class _Registry:
    mode: str
    """basic | token"""
    content: Content
    port: int = 0
    tokens: dict[str, bool] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def challenge(self, name: str | None) -> str:
        if self.mode == "basic":
            return 'Basic realm="demo-registry"'
        scope = f',scope="repository:{name}:pull"' if name else ""
        return (f'Bearer realm="http://127.0.0.1:{self.port}/token",service="{SERVICE}"'
                f"{scope}")

    def allowed(self, header: str, name: str | None) -> bool:
        if self.mode == "basic":
            return _basic(header) == (BASIC_USER, BASIC_PASSWORD)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer":
            return False
        with self.lock:
            granted = self.tokens.get(token.strip())
        return granted is True or (granted is False and name is None)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    registry: _Registry


class _Silent:
    """Accepts connections and never answers, until stopped."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._hold, name="demo-silent", daemon=True)
        self.thread.start()

    def _hold(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        for connection in [*self.held, self.listener]:
            with contextlib.suppress(OSError):
                connection.close()
        self.thread.join(timeout=1)


@record(frozen=True)
class DemoHosts:
    """Where the demo registries answer (`127.0.0.1:PORT` each)."""

    basic: str
    token: str
    silent: str


class DemoRegistry:
    """The demo's registries: `start()` them, point the demo at `hosts`, `stop()` on exit."""

    def __init__(self) -> None:
        self._servers: list[_Server] = []
        self._silent: _Silent | None = None
        self.hosts: DemoHosts | None = None

    def start(self) -> DemoHosts:
        """Start the three hosts on free loopback ports."""
        content = demo_content()
        ports = []
        for mode in ("basic", "token"):
            server = _Server(("127.0.0.1", 0), _Handler)
            server.registry = _Registry(mode, content, server.server_address[1])
            threading.Thread(target=server.serve_forever, name=f"demo-{mode}",
                             kwargs={"poll_interval": 0.1}, daemon=True).start()
            self._servers.append(server)
            ports.append(server.server_address[1])
        self._silent = _Silent()
        self.hosts = DemoHosts(f"127.0.0.1:{ports[0]}", f"127.0.0.1:{ports[1]}",
                               f"127.0.0.1:{self._silent.port}")
        return self.hosts

    def stop(self) -> None:
        """Stop every host and close every socket (idempotent)."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []
        if self._silent is not None:
            self._silent.stop()
            self._silent = None

    def __enter__(self) -> DemoHosts:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
