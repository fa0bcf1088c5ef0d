"""Fault servers of the lab: tiny loopback servers (threads in the test process) that each
misbehave in one way a registry can, so every login/pull finding can be produced for real.

refused (bound, never listening), silent (accepts, never answers), syn_drop (full accept queue:
connect times out), slow (answers after 30 s), hang_auth (401 Basic at once, hangs on any
request carrying Authorization), err500, rate429 (Retry-After 37 + Docker Hub rate headers),
html404, forbidden403 (ACR firewall body), no_challenge401, token_broken (Bearer realm answering
500), token_unreachable (realm on a refused port), tls_plain / tls_untrusted / tls_expired /
tls_wronghost on [::1], blob_redirect (proxy to basic_http whose blob GETs answer 307 to a
refused port; use basic_http's users) and dns_fail ("registry.invalid:443", no server).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
from pathlib import Path

from tests.lab.certs import LabCerts
from tests.lab.httpserve import LabHandler, LabHTTPServer
from tests.lab.procs import stop_all

SLOW_S = 30.0
JSON = "application/json; charset=utf-8"
RATE_LIMIT_BODY = {
    "errors": [
        {
            "code": "TOOMANYREQUESTS",
            "message": "You have reached your pull rate limit. You may increase the limit by "
            "authenticating and upgrading: https://www.docker.com/increase-rate-limit",
        }
    ]
}
HTML_404 = (
    "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
    "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p>"
    "<hr><address>Apache/2.4.57 (Debian) Server</address></body></html>\n"
)
ACR_FORBIDDEN = {
    "errors": [
        {
            "code": "DENIED",
            "message": "client with IP '203.0.113.9' is not allowed access. Refer "
            "https://aka.ms/acr/firewall to grant access.",
        }
    ]
}
BLOB_GET = re.compile(r"^/v2/.+/blobs/sha256:[0-9a-f]{64}$")
DNS_FAIL = "registry.invalid:443"


def fixed(
    status: int,
    body: bytes | str | dict = b"",
    headers: dict[str, str] | None = None,
    content_type: str | None = None,
) -> type[LabHandler]:
    """A handler answering every request with the same status, headers and body."""

    class Fixed(LabHandler):
        def answer(self) -> None:
            self.read_body()
            self.reply(status, body, headers, content_type)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    return Fixed


def on_v2(
    status: int,
    body: bytes | str | dict = b"",
    headers: dict[str, str] | None = None,
    content_type: str | None = None,
) -> type[LabHandler]:
    """A handler answering `/v2/` with the given answer and anything else with 404."""

    class OnV2(LabHandler):
        def answer(self) -> None:
            self.read_body()
            if self.path.split("?")[0] in ("/v2", "/v2/"):
                self.reply(status, body, headers, content_type)
            else:
                self.reply(404, {"errors": [{"code": "NOT_FOUND", "message": "not found"}]})

        do_GET = do_HEAD = do_POST = do_PUT = answer

    return OnV2


class Slow(LabHandler):
    """Answers a registry-like 401 only after SLOW_S seconds (or never, if the lab stops first)."""

    def answer(self) -> None:
        if self.server.stopping.wait(SLOW_S):
            self.close_connection = True
            return
        self.reply(
            401,
            {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
            {"WWW-Authenticate": 'Basic realm="lab"'},
        )

    do_GET = do_HEAD = do_POST = answer


class HangAuth(LabHandler):
    """401 Basic challenge at once without Authorization; any request with it hangs forever."""

    def answer(self) -> None:
        if self.headers.get("Authorization"):
            self.hang()
            return
        self.reply(
            401,
            {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
            {"WWW-Authenticate": 'Basic realm="lab"'},
        )

    do_GET = do_HEAD = do_POST = answer


def bearer_challenge(realm: str) -> type[LabHandler]:
    """`/v2/` -> 401 Bearer challenge naming `realm`; `/token` on this server -> 500."""

    class Challenge(LabHandler):
        def answer(self) -> None:
            path = self.path.split("?")[0]
            if path == "/token":
                self.reply(500, "token service internal error\n", content_type="text/plain")
                return
            challenge = (
                f'Bearer realm="{realm}",service="lab-broken",scope="repository:team/app:pull"'
            )
            self.reply(
                401,
                {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
                {"WWW-Authenticate": challenge},
            )

        do_GET = do_HEAD = do_POST = answer

    return Challenge


def registry_401() -> type[LabHandler]:
    """A registry-like 401 Basic challenge on every path (served plainly or under a bad cert)."""
    return fixed(
        401,
        {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
        {
            "WWW-Authenticate": 'Basic realm="lab"',
            "Docker-Distribution-API-Version": "registry/2.0",
        },
    )


def blob_redirect_proxy(upstream: str, dead: str) -> type[LabHandler]:
    """Forward everything to `upstream` (host:port, plain HTTP), except a blob GET the upstream
    would serve: that becomes a 307 to `dead` (a refused loopback port), a blocked storage host."""

    class Proxy(LabHandler):
        def forward(self) -> None:
            body = self.read_body()
            host, port = upstream.rsplit(":", 1)
            conn = http.client.HTTPConnection(host, int(port), timeout=15)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
            }
            headers["Host"] = upstream
            try:
                conn.request(self.command, self.path, body=body or None, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
            finally:
                conn.close()
            if (
                self.command == "GET"
                and BLOB_GET.match(self.path.split("?")[0])
                and answer.status == 200
            ):
                location = f"http://{dead}/storage{self.path.split('?')[0]}?sig=lab"
                self.reply(307, b"", {"Location": location})
                return
            hop_by_hop = {"connection", "transfer-encoding", "content-length", "keep-alive"}
            out = {k: v for k, v in answer.getheaders() if k.lower() not in hop_by_hop}
            self.send_response(answer.status)
            for name, value in out.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = forward

    return Proxy


def _tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    return context


class RawSockets:
    """The socket-level faults: refused, silent, syn_drop. Holds its sockets until stopped."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.stopping = threading.Event()

    def _keep(self, sock: socket.socket) -> socket.socket:
        self.sockets.append(sock)
        return sock

    def refused(self) -> str:
        """A port bound (so nobody else takes it) but never listening: connections are refused."""
        sock = self._keep(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"

    def silent(self) -> str:
        """Accepts TCP connections and holds them; never reads, never answers."""
        sock = self._keep(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        sock.settimeout(0.2)

        def accept_forever() -> None:
            while not self.stopping.is_set():
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                self._keep(conn)

        threading.Thread(target=accept_forever, name="lab-fault-silent", daemon=True).start()
        return f"127.0.0.1:{sock.getsockname()[1]}"

    def syn_drop(self) -> str:
        """listen(0) with the accept queue filled by held connections, so new SYNs are dropped."""
        sock = self._keep(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
        sock.bind(("127.0.0.1", 0))
        sock.listen(0)
        address = sock.getsockname()
        for _ in range(8):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex(address)
            self._keep(filler)
        time.sleep(0.05)
        return f"127.0.0.1:{address[1]}"

    def stop(self) -> None:
        """Close every socket held."""
        self.stopping.set()
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):
                sock.close()


class Faults:
    """All fault servers; `.addresses` maps fault name -> "host:port"."""

    def __init__(self) -> None:
        self.raw = RawSockets()
        self.servers: list[LabHTTPServer] = []
        self.addresses: dict[str, str] = {}

    def start(self, certs: LabCerts, upstream: str, log_dir: Path) -> None:
        """Start every fault (see the module docstring of each handler)."""
        log = log_dir / "faults.log"
        refused = self.raw.refused()
        refused_token = self.raw.refused()
        self.addresses.update(
            refused=refused,
            silent=self.raw.silent(),
            syn_drop=self.raw.syn_drop(),
            dns_fail=DNS_FAIL,
        )

        def serve(
            name: str,
            handler: type[LabHandler],
            host: str = "127.0.0.1",
            tls: ssl.SSLContext | None = None,
        ) -> LabHTTPServer:
            server = LabHTTPServer(host, handler, tls=tls, log=log).start()
            self.servers.append(server)
            self.addresses[name] = server.hostport
            return server

        serve("slow", Slow)
        serve("hang_auth", HangAuth)
        serve("err500", fixed(500, "500 Internal Server Error\n", content_type="text/plain"))
        serve(
            "rate429",
            fixed(
                429,
                RATE_LIMIT_BODY,
                {
                    "Retry-After": "37",
                    "ratelimit-limit": "100;w=21600",
                    "ratelimit-remaining": "0;w=21600",
                    "docker-ratelimit-source": "203.0.113.9",
                },
            ),
        )
        serve("html404", fixed(404, HTML_404, content_type="text/html; charset=utf-8"))
        serve("forbidden403", on_v2(403, ACR_FORBIDDEN))
        serve(
            "no_challenge401",
            on_v2(
                401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}
            ),
        )
        # token_broken: realm on the same server, whose /token answers 500. Bind first, then
        # tell the handler its own address.
        broken = LabHTTPServer("127.0.0.1", registry_401(), log=log)
        broken.RequestHandlerClass = bearer_challenge(f"http://{broken.hostport}/token")
        self.servers.append(broken.start())
        self.addresses["token_broken"] = broken.hostport
        serve("token_unreachable", bearer_challenge(f"http://{refused_token}/token"))
        serve("tls_plain", registry_401(), host="::1")
        serve(
            "tls_untrusted",
            registry_401(),
            host="::1",
            tls=_tls_context(certs.untrusted.cert, certs.untrusted.key),
        )
        serve(
            "tls_expired",
            registry_401(),
            host="::1",
            tls=_tls_context(certs.expired.cert, certs.expired.key),
        )
        serve(
            "tls_wronghost",
            registry_401(),
            host="::1",
            tls=_tls_context(certs.wronghost.cert, certs.wronghost.key),
        )
        serve("blob_redirect", blob_redirect_proxy(upstream, refused))

    def stop(self) -> None:
        """Stop every server and close every socket."""
        stop_all([server.stop for server in self.servers] + [self.raw.stop])


def start_faults(certs: LabCerts, upstream: str, log_dir: Path) -> Faults:
    """Start every fault server; `upstream` is basic_http's host:port (for blob_redirect).
    If one cannot start, those already started are stopped before the error propagates."""
    faults = Faults()
    try:
        faults.start(certs, upstream, log_dir)
    except BaseException:
        faults.stop()
        raise
    return faults
