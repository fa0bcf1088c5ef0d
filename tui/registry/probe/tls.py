"""TLS over a connected socket: trust stores, the handshake and its failures as finding codes.

Imported only when a connection needs TLS (`ssl` costs ~40M instructions with its context):
a plain-HTTP registry on this machine is told apart by `transport.speaks_tls` without it.
"""

from __future__ import annotations

import _socket
import contextlib
import os
import socket
import ssl
import threading
from collections.abc import Mapping

from tui.i18n import _, t
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.transport import connect, not_tls, tls_closed, tls_unanswered

_NOT_TLS_REASONS = {
    "WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST",
    "UNKNOWN_PROTOCOL", "UNEXPECTED_EOF_WHILE_READING", "RECORD_TOO_LONG", "WRONG_SSL_VERSION",
}


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
    sock: _socket.socket, host: str, context: ssl.SSLContext, deadline: Deadline,
    limit: float | None = None,
) -> ssl.SSLSocket:
    """Wrap `sock` in TLS; a failure becomes TLS_UNTRUSTED/EXPIRED/HOSTNAME_MISMATCH/NOT_TLS.

    `limit` caps the handshake below the deadline (loopback: a plain-HTTP server may sit on
    the ClientHello waiting for a request line, so a quick give-up lets HTTP be tried).
    """
    bound = deadline.budget() if limit is None else min(limit, deadline.budget())
    sock = _wrappable(sock)
    sock.settimeout(bound)
    label = f"{host}"
    try:
        tls = context.wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise _verification_failure(exc, label) from None
    except TimeoutError:
        sock.close()
        raise tls_unanswered(label, bound) from None
    except ssl.SSLError as exc:
        sock.close()
        reason = exc.reason or ""
        if reason in _NOT_TLS_REASONS or isinstance(exc, ssl.SSLEOFError):
            raise not_tls(label, reason or _("connection closed")) from None
        raise ProbeFailure(
            "TLS_UNTRUSTED", "tls",
            t("The TLS handshake with {host} fails: {reason}.", host=label, reason=reason or exc),
        ) from None
    except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
        sock.close()
        raise tls_closed(label) from None
    return tls


def _wrappable(sock: _socket.socket) -> socket.socket:
    """`sock` as the `socket.socket` that `SSLContext.wrap_socket` wants (same descriptor)."""
    if isinstance(sock, socket.socket):
        return sock
    return socket.socket(sock.family, sock.type, sock.proto, fileno=sock.detach())


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
        sock = _wrappable(sock)
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
