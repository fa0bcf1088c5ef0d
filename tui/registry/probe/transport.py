"""DNS → TCP, each bounded by a deadline, each failure a finding code; and whether a port on
this machine speaks TLS at all (`speaks_tls`: one ClientHello of our own; the handshake itself
is `tls`'s).

Stdlib only, and on `_socket` itself: `socket.py` converts every constant into an enum at
import (~14M instructions, a sixth of a plain-HTTP check) and the probe needs none of its
wrappers; `tls` wraps a connection in `socket.socket` when it needs one.
"""

from __future__ import annotations

import _socket
import ipaddress
import os

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
            box["answer"] = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM)
        except Exception as exc:  # UnicodeError, ValueError for malformed names too
            box["error"] = exc

    import threading  # only for a name: an address needs no thread

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
        return _socket.AF_INET, (str(address), port)
    return _socket.AF_INET6, (str(address), port, 0, 0)


def connect(label: str, addresses: list[tuple[int, tuple]], deadline: Deadline) -> _socket.socket:
    """Connect to the first address that accepts; CONNECT_REFUSED / CONNECT_TIMEOUT otherwise."""
    refused: list[str] = []
    timed_out: list[str] = []
    errors: list[str] = []
    for family, sockaddr in addresses:
        sock = _socket.socket(family, _socket.SOCK_STREAM)
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
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
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


# Does a port on this machine speak TLS? A registry on 127.0.0.0/8 may serve plain HTTP
# (docker tries HTTPS there first, then HTTP). Asking `ssl` for a handshake to find that out
# costs its import and a context (~40M instructions, more than the rest of the probe); a
# ClientHello built here and the record header of the answer tell the same: a TLS server
# answers a handshake or an alert record (0x16 or 0x15, version 3.x), a plain-HTTP server an
# HTTP error, silence or a closed connection. When the port speaks TLS, the real handshake
# follows on a fresh connection.

_SUITES = bytes.fromhex(
    "1301" "1302" "1303"  # TLS 1.3: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305
    "c02b" "c02f" "c02c" "c030" "cca9" "cca8"  # ECDHE with AEAD (TLS 1.2)
    "c013" "c014" "009c" "009d" "002f" "0035"  # older suites a small server may still have
)
_SIGNATURES = bytes.fromhex("0403" "0804" "0401" "0503" "0805" "0501" "0806" "0601")
_GROUPS = bytes.fromhex("001d" "0017" "0018")  # x25519, secp256r1, secp384r1
_TLS_RECORDS = (0x15, 0x16)
"""Alert and handshake: the record types a TLS server answers a ClientHello with."""


def _u16(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def _extension(kind: int, body: bytes) -> bytes:
    return kind.to_bytes(2, "big") + _u16(body)


def client_hello(server_name: str | None, random: bytes | None = None) -> bytes:
    """A TLS 1.3 (and 1.2) ClientHello record, with SNI when `server_name` is a name."""
    random = random if random is not None else os.urandom(64)
    extensions = b"".join([
        _extension(0x000A, _u16(_GROUPS)),  # supported_groups
        _extension(0x000B, b"\x01\x00"),  # ec_point_formats: uncompressed
        _extension(0x000D, _u16(_SIGNATURES)),  # signature_algorithms
        _extension(0x002B, b"\x04\x03\x04\x03\x03"),  # supported_versions: 1.3, 1.2
        _extension(0x0033, _u16(b"\x00\x1d" + _u16(random[32:64]))),  # key_share: x25519
    ])
    if server_name:
        name = server_name.encode("ascii")
        entry = b"\x00" + _u16(name)
        extensions = _extension(0x0000, _u16(entry)) + extensions  # server_name
    body = (b"\x03\x03" + random[:32] + b"\x00" + _u16(_SUITES) + b"\x01\x00"
            + _u16(extensions))
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + _u16(handshake)


def is_tls_record(start: bytes) -> bool:
    """Whether an answer begins like a TLS record (handshake or alert, version 3.x)."""
    return len(start) >= 2 and start[0] in _TLS_RECORDS and start[1] == 0x03


def speaks_tls(sock: _socket.socket, host: str, deadline: Deadline, limit: float) -> None:
    """Send a ClientHello on `sock` and close it; returns when the answer is TLS.

    TLS_NOT_TLS when the answer is something else or the connection closes, REGISTRY_SLOW
    when nothing comes within `limit` (both as a failed handshake would say them).
    """
    bound = min(limit, deadline.budget())
    named = host.isascii() and not host.replace(".", "").isdigit() and ":" not in host
    start = b""
    try:
        sock.settimeout(bound)
        sock.sendall(client_hello(host if named else None))
        while len(start) < 2:
            chunk = sock.recv(8)
            if not chunk:
                break
            start += chunk
    except TimeoutError:
        raise tls_unanswered(host, bound) from None
    except OSError:
        raise tls_closed(host) from None
    finally:
        sock.close()
    if is_tls_record(start):
        return
    raise not_tls(host, _("connection closed") if not start else repr(start[:8]))


def tls_unanswered(host: str, bound: float) -> ProbeFailure:
    """REGISTRY_SLOW: the TLS handshake (or our ClientHello) got no answer within `bound`."""
    return ProbeFailure(
        "REGISTRY_SLOW", "tls",
        t("The TLS handshake with {host} got no answer within {bound} s.",
          host=host, bound=f"{bound:.1f}"),
    )


def tls_closed(host: str) -> ProbeFailure:
    """TLS_NOT_TLS: the server closed the connection on the handshake."""
    return ProbeFailure(
        "TLS_NOT_TLS", "tls",
        t("{host} closed the connection during the TLS handshake: it does not speak TLS.",
          host=host),
    )


def not_tls(host: str, reason: str) -> ProbeFailure:
    """TLS_NOT_TLS: the server answered the handshake with something else (`reason`)."""
    return ProbeFailure(
        "TLS_NOT_TLS", "tls",
        t("{host} does not speak TLS ({reason}): it answers plain HTTP or another "
          "protocol where HTTPS was expected.", host=host, reason=reason),
    )
