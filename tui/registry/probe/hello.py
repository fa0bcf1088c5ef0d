"""Does a port on this machine speak TLS? One ClientHello, and the first bytes of the answer.

A registry on 127.0.0.0/8 may serve plain HTTP (docker tries HTTPS there first, then HTTP).
Asking `ssl` for a handshake to find that out costs its import and a context (~40M
instructions, more than the rest of the probe); a ClientHello built here and the record
header of the answer tell the same: a TLS server answers a handshake or an alert record
(0x16 or 0x15, version 3.x), a plain-HTTP server an HTTP error, silence or a closed
connection. When the port speaks TLS, the real handshake follows on a fresh connection.
"""

from __future__ import annotations

import _socket
import os

from tui.i18n import _, t
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure

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
        raise ProbeFailure(
            "REGISTRY_SLOW", "tls",
            t("The TLS handshake with {host} got no answer within {bound} s.",
              host=host, bound=f"{bound:.1f}"),
        ) from None
    except OSError:
        raise ProbeFailure(
            "TLS_NOT_TLS", "tls",
            t("{host} closed the connection during the TLS handshake: it does not speak TLS.",
              host=host),
        ) from None
    finally:
        sock.close()
    if is_tls_record(start):
        return
    raise ProbeFailure(
        "TLS_NOT_TLS", "tls",
        t("{host} does not speak TLS ({reason}): it answers plain HTTP or another "
          "protocol where HTTPS was expected.", host=host,
          reason=_("connection closed") if not start else repr(start[:8])),
    )
