"""The test lab: real registries, a real Docker engine, a token service and fault servers.

Everything binds to loopback only (127.0.0.1 / ::1) on ports the OS picks, keeps its state in
one temp dir and is started once per pytest session by the fixtures in `tests.lab.fixtures`.
This module holds the plain data the fixtures hand to tests.

Quick use: ask for `lab` (everything), or only `lab_registries` / `lab_faults` / `lab_dockerd`.
Registries: `basic_http` (htpasswd, plain HTTP, users alice and AWS), `basic_tls` (htpasswd
over TLS from the lab CA, "localhost:PORT"), `token` (token auth; alice may do anything, puller
may pull team/app, team/multi, team/armonly, anonymous may pull public/hello and the
devcontainers/* artifacts). Every registry holds SEEDED below: team/app (Docker v2 image; tags
1.0, 1.1, 2.0), team/multi (OCI index, linux/amd64 + linux/arm64), team/armonly (OCI index,
linux/arm64 only), team/private, public/hello, and non-image artifacts: Features
devcontainers/features/node:1 and team/tool:1.0, Template devcontainers/templates/python:latest,
Helm chart charts/web:0.1.0.
Faults: see FAULT_CODES and tests/lab/faults.py. The lab's dockerd trusts the lab CA
(SSL_CERT_FILE) and, like every dockerd, treats 127.0.0.0/8 as insecure; the TLS faults sit on
[::1], where it does verify certificates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LabRegistry:
    """One real registry of the lab and the accounts it knows."""

    name: str
    """"basic_http" | "basic_tls" | "token"."""
    host: str
    """"127.0.0.1:PORT" (basic_http, token) or "localhost:PORT" (basic_tls)."""
    scheme: str
    """"http" | "https"."""
    users: dict[str, str] = field(default_factory=dict, repr=False)
    """user -> password (unique, canary-like values)."""

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:5000`."""
        return f"{self.scheme}://{self.host}"


@dataclass(frozen=True)
class Lab:
    """The whole lab, as the `lab` fixture hands it out."""

    basic_http: LabRegistry
    basic_tls: LabRegistry
    token: LabRegistry
    token_service: str
    """"127.0.0.1:PORT" of the token service (realm `http://…/token`)."""
    ca_file: Path
    """PEM bundle: system roots + the lab CA (put it in SSL_CERT_FILE)."""
    faults: dict[str, str]
    """Fault name -> "host:port"."""
    docker_host: str
    """"unix:///…/docker.sock" of the lab's own dockerd."""
    docker_config: Path
    """An empty DOCKER_CONFIG dir for daemon tests (never the user's)."""
    lab_ca: Path | None = None
    """The lab CA certificate alone (PEM), e.g. for a daemon's certs.d."""
    work_dir: Path | None = None
    """The temp dir holding all lab state and server logs."""

    def environ(self, **extra: str) -> dict[str, str]:
        """An environment for `Options.environ` that trusts the lab CA and talks to the lab's
        dockerd with the lab's empty DOCKER_CONFIG (plus `extra`)."""
        return {
            "SSL_CERT_FILE": str(self.ca_file),
            "DOCKER_HOST": self.docker_host,
            "DOCKER_CONFIG": str(self.docker_config),
            **extra,
        }


# Images seeded in every registry (repository -> tags).
SEEDED: dict[str, tuple[str, ...]] = {
    "team/app": ("1.0", "1.1", "2.0"),
    "team/multi": ("1.0",),
    "team/armonly": ("1.0",),
    "team/private": ("1.0",),
    "public/hello": ("1.0",),
    # non-image artifacts (tests/lab/seed.py ARTIFACTS): two Features, a Template, a Helm chart
    "devcontainers/features/node": ("1",),
    "devcontainers/templates/python": ("latest",),
    "team/tool": ("1.0",),
    "charts/web": ("0.1.0",),
}


@dataclass(frozen=True)
class LabRegistries:
    """The registries part of the lab (what `lab_registries` hands out)."""

    basic_http: LabRegistry
    basic_tls: LabRegistry
    token: LabRegistry
    token_service: str
    ca_file: Path
    lab_ca: Path
    work_dir: Path
    digests: dict[str, str] = field(default_factory=dict)
    """"repo:tag" -> manifest digest (the same in every registry)."""


@dataclass(frozen=True)
class LabDaemon:
    """The lab's own dockerd (what `lab_dockerd` hands out)."""

    docker_host: str
    docker_config: Path
    pid: int


# Each fault of `Lab.faults` and the finding the login step is meant to raise for it
# (SPEC: Login codes). blob_redirect is a pull fault (BLOB_UNREACHABLE on a layer).
FAULT_CODES: dict[str, str] = {
    "refused": "CONNECT_REFUSED",
    "silent": "REGISTRY_SLOW",
    "syn_drop": "CONNECT_TIMEOUT",
    "slow": "REGISTRY_SLOW",
    "hang_auth": "REGISTRY_SLOW",
    "err500": "REGISTRY_ERROR",
    "rate429": "RATE_LIMITED",
    "html404": "NOT_A_REGISTRY",
    "forbidden403": "REGISTRY_FORBIDDEN",
    "no_challenge401": "NOT_A_REGISTRY",
    "token_broken": "TOKEN_SERVICE_FAILED",
    "token_unreachable": "TOKEN_SERVICE_FAILED",
    "tls_plain": "TLS_NOT_TLS",
    "tls_untrusted": "TLS_UNTRUSTED",
    "tls_expired": "TLS_EXPIRED",
    "tls_wronghost": "TLS_HOSTNAME_MISMATCH",
    "blob_redirect": "BLOB_UNREACHABLE",
    "dns_fail": "DNS_FAILED",
}
