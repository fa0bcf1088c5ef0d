"""DNS → TCP, each bounded by a deadline, each failure a finding code (TLS: `tls`).

Stdlib only, and on `_socket` itself: `socket.py` converts every constant into an enum at
import (~14M instructions, a sixth of a plain-HTTP check) and the probe needs none of its
wrappers; `tls` wraps a connection in `socket.socket` when it needs one.
"""

from __future__ import annotations

import _socket
import ipaddress

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
