"""DNS → TCP → TLS, each bounded by a deadline, each failure a finding code.

Stdlib only (socket, ssl, ipaddress): this is the daemon-less path and start-up matters.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import ssl
import threading
from collections.abc import Mapping

from tui.i18n import _, t
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure

PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # RFC 1918
        "100.64.0.0/10",  # CGNAT
        "169.254.0.0/16", "fe80::/10",  # link-local
        "fc00::/7",  # unique local (ULA)
    )
)

_NOT_TLS_REASONS = {
    "WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST",
    "UNKNOWN_PROTOCOL", "UNEXPECTED_EOF_WHILE_READING", "RECORD_TOO_LONG", "WRONG_SSL_VERSION",
}


def split_host(hostport: str, default_port: int) -> tuple[str, int]:
    """`host[:port]` (IPv6 in brackets) → (host without brackets, port)."""
    text = hostport.strip()
    if not text:
        raise ProbeFailure("DNS_FAILED", "dns", t("The server value names no host."))
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise ProbeFailure("DNS_FAILED", "dns", t("`{host}` is not a valid host.",
                                                      host=shown(text)))
        host, rest = text[1:end], text[end + 1:]
        port = int(rest[1:]) if rest.startswith(":") and rest[1:].isdigit() else default_port
        return host, _valid_port(port, text)
    if text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if port_text.isdigit():
            return host, _valid_port(int(port_text), text)
    return text, default_port


def shown(text: str, limit: int = 80) -> str:
    """A host as it may be shown: control characters escaped, length capped."""
    safe = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return safe[:limit] + ("…" if len(safe) > limit else "")


def _valid_port(port: int, text: str) -> int:
    if not 0 < port < 65536:
        raise ProbeFailure(
            "DNS_FAILED", "dns", t("`{host}` names no valid port (1–65535).", host=shown(text)),
        )
    return port


def is_loopback_name(host: str) -> bool:
    """`localhost` or an address in 127.0.0.0/8 (where plain HTTP may be tried, as docker does)."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.version == 4 and address.is_loopback


def private_address(address: str) -> bool:
    """RFC 1918, CGNAT, link-local or ULA (loopback is not "private" here)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in PRIVATE_NETWORKS)


def resolve(
    host: str, port: int, deadline: Deadline, loopback_only: bool = False
) -> list[tuple[int, tuple]]:
    """getaddrinfo within the deadline (in a thread it may abandon); DNS_FAILED otherwise.

    With `loopback_only` (the demo), a name outside this machine is never even looked up.
    """
    if loopback_only and not (is_loopback_name(host) or host == "::1"):
        raise ProbeFailure("DNS_FAILED", "dns", t(
            "`{host}` was not contacted: the demo talks only to its own registries on 127.0.0.1.",
            host=shown(host)))
    literal = _literal_address(host, port)
    if literal is not None:  # an address needs no lookup (nor a thread, nor the IDNA codec)
        return [literal]
    box: dict[str, object] = {}

    def lookup() -> None:
        try:
            box["answer"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except Exception as exc:  # UnicodeError, ValueError for malformed names too
            box["error"] = exc

    worker = threading.Thread(target=lookup, name=f"dns {host}", daemon=True)
    worker.start()
    bound = deadline.budget()
    worker.join(bound)
    if worker.is_alive():
        raise ProbeFailure(
            "DNS_FAILED", "dns", t("No DNS answer for {host} within {bound} s.",
                                   host=shown(host), bound=f"{bound:.1f}"),
        )
    if "error" in box:
        reason = getattr(box["error"], "strerror", None) or str(box["error"]) or _("invalid name")
        raise ProbeFailure("DNS_FAILED", "dns", t("{host} does not resolve: {reason}.",
                                                  host=shown(host), reason=reason))
    seen: list[tuple[int, tuple]] = []
    answer = box["answer"]
    assert isinstance(answer, list)
    for family, _type, _proto, _name, sockaddr in answer:
        if (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    return seen


def _literal_address(host: str, port: int) -> tuple[int, tuple] | None:
    """The socket address of an IPv4 or IPv6 address (no zone), as getaddrinfo gives it;
    None for a name, a zoned address or anything ipaddress does not read strictly."""
    if "%" in host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.version == 4:
        return socket.AF_INET, (str(address), port)
    return socket.AF_INET6, (str(address), port, 0, 0)


def connect(label: str, addresses: list[tuple[int, tuple]], deadline: Deadline) -> socket.socket:
    """Connect to the first address that accepts; CONNECT_REFUSED / CONNECT_TIMEOUT otherwise."""
    refused: list[str] = []
    timed_out: list[str] = []
    errors: list[str] = []
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(deadline.budget())
        try:
            sock.connect(sockaddr)
        except TimeoutError:
            timed_out.append(sockaddr[0])
        except ConnectionRefusedError:
            refused.append(sockaddr[0])
        except (OSError, OverflowError, ValueError) as exc:
            errors.append(f"{sockaddr[0]}: {getattr(exc, 'strerror', None) or exc}")
        else:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        sock.close()
        if deadline.expired:
            break
    if timed_out:
        raise ProbeFailure(
            "CONNECT_TIMEOUT", "tcp",
            t("No answer to the connection to {host} ({addresses}) within {bound} s: the "
              "packets are dropped.", host=label, addresses=", ".join(timed_out),
              bound=f"{deadline.per_op:.1f}"),
        )
    if refused:
        raise ProbeFailure(
            "CONNECT_REFUSED", "tcp",
            t("The connection to {host} ({addresses}) is refused: nothing listens there.",
              host=label, addresses=", ".join(refused)),
        )
    raise ProbeFailure("CONNECT_REFUSED", "tcp", t("Cannot connect to {host}: {errors}.",
                                                   host=label, errors="; ".join(errors)))


_CONTEXTS: dict[tuple[str | None, str | None], ssl.SSLContext] = {}
_CONTEXT_LOCK = threading.Lock()


def _trust_paths(environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    cafile = environ.get("SSL_CERT_FILE") or environ.get("REQUESTS_CA_BUNDLE")
    capath = environ.get("SSL_CERT_DIR")
    if cafile and not os.path.isfile(cafile):
        cafile = None
    if capath and not os.path.isdir(capath):
        capath = None
    return cafile, capath


def ssl_context(environ: Mapping[str, str], verify: bool = True) -> ssl.SSLContext:
    """A client context on the system trust store, honouring SSL_CERT_FILE / REQUESTS_CA_BUNDLE.

    Verifying contexts are built once per trust store and shared (loading the system bundle
    costs ~0.1 s); an unverified one loads no certificates at all.
    """
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    key = _trust_paths(environ)
    with _CONTEXT_LOCK:
        shared = _CONTEXTS.get(key)
        if shared is None:
            shared = ssl.create_default_context(cafile=key[0], capath=key[1])
            _CONTEXTS[key] = shared
    return shared


def prewarm(environ: Mapping[str, str]) -> None:
    """Build the verifying context in the background while DNS and TCP run."""
    if _trust_paths(environ) not in _CONTEXTS:
        threading.Thread(target=ssl_context, args=(dict(environ),), daemon=True).start()


def tls_handshake(
    sock: socket.socket, host: str, context: ssl.SSLContext, deadline: Deadline,
    limit: float | None = None,
) -> ssl.SSLSocket:
    """Wrap `sock` in TLS; a failure becomes TLS_UNTRUSTED/EXPIRED/HOSTNAME_MISMATCH/NOT_TLS.

    `limit` caps the handshake below the deadline (loopback: a plain-HTTP server may sit on
    the ClientHello waiting for a request line, so a quick give-up lets HTTP be tried).
    """
    bound = deadline.budget() if limit is None else min(limit, deadline.budget())
    sock.settimeout(bound)
    label = f"{host}"
    try:
        tls = context.wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise _verification_failure(exc, label) from None
    except TimeoutError:
        sock.close()
        raise ProbeFailure(
            "REGISTRY_SLOW", "tls",
            t("The TLS handshake with {host} got no answer within {bound} s.",
              host=label, bound=f"{bound:.1f}"),
        ) from None
    except ssl.SSLError as exc:
        sock.close()
        reason = exc.reason or ""
        if reason in _NOT_TLS_REASONS or isinstance(exc, ssl.SSLEOFError):
            raise ProbeFailure(
                "TLS_NOT_TLS", "tls",
                t("{host} does not speak TLS ({reason}): it answers plain HTTP or another "
                  "protocol where HTTPS was expected.", host=label,
                  reason=reason or _("connection closed")),
            ) from None
        raise ProbeFailure(
            "TLS_UNTRUSTED", "tls",
            t("The TLS handshake with {host} fails: {reason}.", host=label, reason=reason or exc),
        ) from None
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
        sock.close()
        raise ProbeFailure(
            "TLS_NOT_TLS", "tls",
            t("{host} closed the connection during the TLS handshake: it does not speak TLS.",
              host=label),
        ) from None
    return tls


def _verification_failure(exc: ssl.SSLCertVerificationError, label: str) -> ProbeFailure:
    code_number = getattr(exc, "verify_code", 0)
    message = getattr(exc, "verify_message", "") or str(exc)
    if code_number == 10 or "expired" in message:
        return ProbeFailure("TLS_EXPIRED", "tls", t("The certificate of {host} has expired.",
                                                    host=label))
    if code_number in (62, 64) or "mismatch" in message.lower():
        return ProbeFailure(
            "TLS_HOSTNAME_MISMATCH", "tls",
            t("The certificate of {host} does not name {host} ({message}).",
              host=label, message=message),
        )
    return ProbeFailure(
        "TLS_UNTRUSTED", "tls",
        t("The certificate of {host} is not trusted ({message}).", host=label, message=message),
    )


def describe_certificate(
    addresses: list[tuple[int, tuple]], host: str, deadline: Deadline,
) -> str:
    """Issuer, names and validity of the server's certificate, read without verifying it."""
    try:
        sock = connect(host, addresses, deadline)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock.settimeout(deadline.budget())
        with context.wrap_socket(sock, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ProbeFailure):
        return ""
    if not der:
        return ""
    return _decode(der)


def _decode(der: bytes) -> str:
    """Summarise a DER certificate with the stdlib's own decoder (no third-party import)."""
    import tempfile  # only on this failure path

    pem = ssl.DER_cert_to_PEM_cert(der)
    path = ""
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as handle:
            handle.write(pem)
            path = handle.name
        info = ssl._ssl._test_decode_cert(path)  # type: ignore[attr-defined]
    except Exception:
        return ""
    finally:
        if path:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def name(rdns) -> str:
        return ", ".join(f"{k}={v}" for rdn in rdns for k, v in rdn) or _("(empty)")

    names = (", ".join(f"{kind}:{value}" for kind, value in info.get("subjectAltName", ()))
             or _("none"))
    return (
        t("Certificate: subject {subject}; issuer {issuer}; names {names}; valid {start} to {end}.",
          subject=name(info.get("subject", ())), issuer=name(info.get("issuer", ())), names=names,
          start=info.get("notBefore", "?"), end=info.get("notAfter", "?"))
    )
