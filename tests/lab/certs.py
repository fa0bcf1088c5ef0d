"""Certificates of the lab, made with `cryptography`: a lab CA, server certificates (good,
expired, for another host), a self-signed one outside the CA, and the CA bundle tests trust."""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SYSTEM_ROOTS = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
)


@dataclass(frozen=True)
class KeyPair:
    """A certificate and its key, as PEM files."""

    cert: Path
    key: Path


@dataclass(frozen=True)
class LabCerts:
    """Every certificate file the lab serves or trusts."""

    ca: KeyPair
    bundle: Path
    """System roots + the lab CA."""
    server: KeyPair
    """From the lab CA for DNS:localhost, IP:127.0.0.1, IP:::1."""
    expired: KeyPair
    """From the lab CA for IP:::1, expired a day ago."""
    wronghost: KeyPair
    """From the lab CA for DNS:other.example only."""
    untrusted: KeyPair
    """Self-signed for IP:::1 and DNS:localhost, outside the bundle."""


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "registry-doctor test lab"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _sans(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _write(
    directory: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> KeyPair:
    cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return KeyPair(cert_path, key_path)


def self_signed(common_name: str, names: list[str], *, ca: bool = False):
    """A new self-signed EC certificate and key (valid from an hour ago for a year)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if names:
        builder = builder.add_extension(_sans(names), critical=False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    return builder.sign(key, hashes.SHA256()), key


def issue(
    ca_cert: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    names: list[str],
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
):
    """A server certificate from the CA for `names` (SANs), with serverAuth usage."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(hours=1))
        .not_valid_after(not_after or now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_sans(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def system_roots() -> str:
    """The PEM text of the system trust store (empty if none is found)."""
    candidates = [ssl.get_default_verify_paths().cafile, *SYSTEM_ROOTS]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8", errors="replace")
    try:
        import certifi

        return Path(certifi.where()).read_text(encoding="utf-8")
    except ImportError:
        return ""


def make_certs(directory: Path) -> LabCerts:
    """Create the lab CA, all server certificates and the trust bundle in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_cert, ca_key = self_signed("registry-doctor lab CA", [], ca=True)
    ca = _write(directory, "lab-ca", ca_cert, ca_key)
    now = datetime.now(timezone.utc)
    server = _write(directory, "server", *issue(ca_cert, ca_key, ["localhost", "127.0.0.1", "::1"]))
    expired = _write(
        directory,
        "expired",
        *issue(
            ca_cert,
            ca_key,
            ["::1"],
            not_before=now - timedelta(days=30),
            not_after=now - timedelta(days=1),
        ),
    )
    wronghost = _write(directory, "wronghost", *issue(ca_cert, ca_key, ["other.example"]))
    untrusted = _write(directory, "untrusted", *self_signed("untrusted", ["::1", "localhost"]))
    bundle = directory / "ca-bundle.pem"
    roots = system_roots()
    bundle.write_text(
        roots + ("" if roots.endswith("\n") or not roots else "\n") + ca.cert.read_text(),
        encoding="utf-8",
    )
    return LabCerts(ca, bundle, server, expired, wronghost, untrusted)
