"""A small HTTP/1.1 client over the probe's own sockets (keep-alive, redirects, deadlines).

`Session.open_registry()` walks the DNS → TCP → TLS stages for the registry host and picks
the scheme (HTTPS; plain HTTP only for insecure registries or loopback servers that do not
speak TLS). `Session.request()` sends one request within the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit

from tui.i18n import _, t
from tui.record import field, record
from tui.registry.probe import transport
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.wire import Connection, WireError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.steps import StageState

StageListener = Callable[[str, "StageState", float, str], None]
"""(stage, state, seconds, detail) for the stages the session walks."""

_REDIRECTS = (301, 302, 303, 307, 308)


@record
class Response:
    """One answer: status, headers (lower-case names, repeated ones kept), body (maybe cut)."""

    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    url: str

    def header(self, name: str, default: str = "") -> str:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return default

    def all_headers(self, name: str) -> list[str]:
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@record
class Session:
    """Connections of one probe, keyed by (scheme, host, port), under one deadline."""

    environ: Mapping[str, str]
    deadline: Deadline
    insecure: tuple[str, ...] = ()
    listener: StageListener | None = None
    registry_scheme: str = "https"
    registry_host: str = ""
    private_warning: str = ""
    loopback_only: bool = False
    """The demo's guard: never resolve a name outside this machine."""
    spent: float = 0.0
    """Seconds a loopback TLS attempt used; the first plain-HTTP request gets that much less,
    so a silent loopback server still gets its verdict within one bound."""
    _pool: dict[tuple[str, str, int], Connection] = field(default_factory=dict)

    def _note(self, stage: str, state: StageState, started: float, detail: str = "") -> None:
        if self.listener is not None:
            self.listener(stage, state, time.monotonic() - started, detail)

    def _is_insecure(self, host: str, port: int) -> bool:
        """Whether `--insecure-registry` names this host (any port) or this host:port; IPv6
        with or without brackets, any case."""
        for entry in self.insecure:
            entry = entry.strip()
            if entry.startswith("["):
                entry_host, _, rest = entry[1:].partition("]")
                entry_port = rest[1:] if rest.startswith(":") else ""
            elif entry.count(":") == 1:
                entry_host, _, entry_port = entry.partition(":")
            else:
                entry_host, entry_port = entry, ""
            if entry_host.lower() == host.lower() and entry_port in ("", str(port)):
                return True
        return False

    def open_registry(self, hostport: str) -> str:
        """Walk dns → tcp → tls for the registry and return its base URL (`https://host:port`)."""
        host, port = transport.split_host(hostport, 443)
        insecure = self._is_insecure(host, port)
        started = time.monotonic()
        try:
            addresses = transport.resolve(host, port, self.deadline, self.loopback_only)
        except ProbeFailure as failure:
            self._note("dns", "fail", started, failure.detail)
            raise
        private = [a[1][0] for a in addresses if transport.private_address(a[1][0])]
        if private:
            self.private_warning = (
                t("{host} resolves to a private address ({addresses}): codespaces cannot reach "
                  "private networks.", host=host, addresses=", ".join(private))
            )
        shown_addresses = sorted({a[1][0] for a in addresses})
        proven = (t("{host} is an address (nothing to look up)", host=host)
                  if shown_addresses == [host]
                  else t("{host} resolves to {addresses}", host=host,
                         addresses=", ".join(shown_addresses[:3])))
        self._note("dns", "warn" if private else "pass", started,
                   self.private_warning or proven)
        plain_fallback = insecure or transport.is_loopback_name(host)
        if not plain_fallback:
            from tui.registry.probe import tls

            tls.prewarm(self.environ)
        for scheme in ("https", "http"):
            conn = self._connect(scheme, host, port, addresses, insecure=insecure, record=True,
                                 fallback=plain_fallback)
            if conn is not None:
                self._pool[(scheme, host, port)] = conn
                self.registry_scheme = scheme
                break
        netloc = f"[{host}]" if ":" in host else host
        self.registry_host = f"{netloc}:{port}"
        return f"{self.registry_scheme}://{self.registry_host}"

    def _connect(
        self, scheme: str, host: str, port: int, addresses, *, insecure: bool, record: bool,
        fallback: bool = False,
    ) -> Connection | None:
        label = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        started = time.monotonic()
        try:
            sock = transport.connect(label, addresses, self.deadline)
        except ProbeFailure as failure:
            if record:
                self._note("tcp", "fail", started, failure.detail)
            raise
        if record:
            self._note("tcp", "pass", started, t("{host} accepts connections", host=label))
        if scheme == "https":
            started = time.monotonic()
            limit = max(0.3, min(1.0, self.deadline.per_op / 3)) if fallback else None
            try:
                if fallback and transport.is_loopback_name(host):
                    # This machine: find out cheaply whether the port speaks TLS at all (a
                    # ClientHello of our own, no `ssl`), then shake hands on a fresh
                    # connection if it does.
                    transport.speaks_tls(sock, host, self.deadline, limit or 1.0)
                    sock = transport.connect(label, addresses, self.deadline)
                from tui.registry.probe import tls

                context = tls.ssl_context(self.environ, verify=not insecure)
                sock = tls.tls_handshake(sock, host, context, self.deadline, limit)
            except ProbeFailure as failure:
                if failure.code in ("TLS_NOT_TLS", "REGISTRY_SLOW") and fallback:
                    if failure.code == "REGISTRY_SLOW":
                        self.spent = time.monotonic() - started
                    if record:
                        said = (_("plain HTTP (no TLS on this port)")
                                if failure.code == "TLS_NOT_TLS"
                                else _("no TLS handshake in time: trying plain HTTP"))
                        self._note("tls", "skip", started, said)
                    return None
                if failure.code.startswith("TLS_") and failure.code != "TLS_NOT_TLS":
                    from tui.registry.probe import tls

                    about = tls.describe_certificate(addresses, host, self.deadline)
                    if about:
                        failure.detail = f"{failure.detail} {about}"
                if record:
                    self._note("tls", "fail", started, failure.detail)
                raise
            if record:
                version = getattr(sock, "version", lambda: None)() or "TLS"
                checked = (_("certificate not checked (--insecure-registry)") if insecure
                           else t("certificate valid for {host}", host=host))
                self._note("tls", "pass", started, f"{version}, {checked}")
        netloc = f"[{host}]" if ":" in host else host
        default = 443 if scheme == "https" else 80
        return Connection(sock, netloc if port == default else f"{netloc}:{port}")

    def _connection(self, scheme: str, host: str, port: int) -> Connection:
        key = (scheme, host, port)
        conn = self._pool.get(key)
        if conn is not None and conn.sock is not None:
            return conn
        addresses = transport.resolve(host, port, self.deadline, self.loopback_only)
        insecure = self._is_insecure(host, port)
        conn = self._connect(scheme, host, port, addresses, insecure=insecure, record=False)
        assert conn is not None
        self._pool[key] = conn
        return conn

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        *,
        stage: str,
        max_body: int = 1 << 20,
        follow: bool = False,
    ) -> Response:
        """Send one request (following redirects when `follow`); failures raise ProbeFailure."""
        sent = dict(headers or {})
        for _hop in range(6):
            response = self._once(method, url, sent, body, stage=stage, max_body=max_body)
            if not follow or response.status not in _REDIRECTS:
                return response
            target = urljoin(url, response.header("location"))
            if urlsplit(target).netloc != urlsplit(url).netloc:
                sent.pop("Authorization", None)
            url = target
        raise ProbeFailure("REGISTRY_ERROR", stage, t("Too many redirects, last to {url}.",
                                                      url=url))

    def _once(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, *,
        stage: str, max_body: int,
    ) -> Response:
        parts = urlsplit(url)
        scheme = parts.scheme or "https"
        host = parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        for attempt in (1, 2):
            conn = self._connection(scheme, host, port)
            reused = attempt == 1 and conn.used
            try:
                timeout = max(0.05, self.deadline.budget() - self.spent)
                self.spent = 0.0
                status, reason, answer, data = conn.exchange(
                    method, path, headers, body, max_body, timeout,
                )
                return Response(status=status, reason=reason, headers=answer, body=data, url=url)
            except TimeoutError:
                conn.close()
                self._pool.pop((scheme, host, port), None)
                raise ProbeFailure(
                    "REGISTRY_SLOW", stage,
                    t("{request} got no answer within {bound} s (nor a TLS handshake).",
                      request=f"{method} {_shown(url)}", bound=f"{self.deadline.per_op:.1f}")
                    if self.registry_scheme == "http" else
                    t("{request} got no answer within {bound} s.",
                      request=f"{method} {_shown(url)}", bound=f"{self.deadline.per_op:.1f}"),
                ) from None
            except (WireError, OSError, UnicodeError) as exc:
                conn.close()
                self._pool.pop((scheme, host, port), None)
                if reused:
                    continue
                raise ProbeFailure(
                    "REGISTRY_ERROR", stage,
                    t("{request} failed: {error}", request=f"{method} {_shown(url)}",
                      error=f"{type(exc).__name__}: {exc}"),
                ) from None
        raise ProbeFailure("REGISTRY_ERROR", stage, t("{request} failed.",
                                                      request=f"{method} {_shown(url)}"))

    def close(self) -> None:
        for conn in self._pool.values():
            conn.close()
        self._pool.clear()


def _shown(url: str) -> str:
    """The URL without its query (token requests carry no secret there, but keep it short)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
