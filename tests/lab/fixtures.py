"""Pytest plugin of the test lab: session-scoped fixtures that start the lab's registries, token
service, fault servers and dockerd once, and stop every process they started by its PID.

`lab_registries` (registries + token service, seeded), `lab_faults` (fault name -> host:port),
`lab_dockerd` (own dockerd on a unix socket) and `lab` (all of it, as `tests.lab.Lab`).
Set RD_LAB_KEEP=1 to keep the lab's temp dir (logs, configs) after the session.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.lab import Lab, LabDaemon, LabRegistries

if TYPE_CHECKING:  # the lab's modules load only when a test asks for the lab
    from tests.lab.certs import LabCerts
    from tests.lab.dockerd import Dockerd
    from tests.lab.registry import RegistryProcess

TOKEN_ISSUER = "registry-doctor-lab-issuer"
TOKEN_SERVICE_NAME = "registry-doctor-lab"
AWS_TOKEN_PASSWORD = "123456789012-auth-token"
TIMINGS: dict[str, float] = {}
"""Start-up seconds of each lab part (read by tests/test_lab.py's report)."""


def lab_password(registry: str, user: str) -> str:
    """A unique canary-like password."""
    return f"LabPw-{registry}-{user}-{secrets.token_hex(8)}"


@pytest.fixture(scope="session")
def lab_dir() -> Iterator[Path]:
    """The temp dir that holds all lab state and logs (short path: unix sockets live here)."""
    path = Path(tempfile.mkdtemp(prefix="rdlab-"))
    yield path
    if not os.environ.get("RD_LAB_KEEP"):
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def lab_certs(lab_dir: Path) -> LabCerts:
    """The lab CA, server certificates and the trust bundle (system roots + lab CA)."""
    from tests.lab.certs import make_certs

    return make_certs(lab_dir / "certs")


@pytest.fixture(scope="session")
def lab_registries(lab_dir: Path, lab_certs: LabCerts) -> Iterator[LabRegistries]:
    """Three real registries (basic_http, basic_tls, token) and the token service, seeded."""
    from tests.lab.procs import stop_all
    from tests.lab.registry import TokenAuth, start_registry
    from tests.lab.seed import seed_registry
    from tests.lab.token_service import Signer, TokenService

    started = time.monotonic()
    token_users = {
        "alice": lab_password("token", "alice"),
        "puller": lab_password("token", "puller"),
    }
    service = TokenService(
        issuer=TOKEN_ISSUER,
        service=TOKEN_SERVICE_NAME,
        passwords=token_users,
        grants={
            "alice": {"*": ("*",)},
            "puller": {repo: ("pull",) for repo in ("team/app", "team/multi", "team/armonly")},
            "": {repo: ("pull",) for repo in ("public/hello", "devcontainers/features/node",
                                               "devcontainers/templates/python")},
        },
        signer=Signer.create(lab_dir / "token-signer.pem"),
        log=lab_dir / "token-service.log",
    )
    registries: list[RegistryProcess] = []
    try:
        service.start()
        registries.append(
            start_registry(
                "basic_http",
                lab_dir,
                {"alice": lab_password("basic_http", "alice"), "AWS": AWS_TOKEN_PASSWORD},
            )
        )
        registries.append(
            start_registry(
                "basic_tls",
                lab_dir,
                {"alice": lab_password("basic_tls", "alice")},
                tls=lab_certs.server,
            )
        )
        registries.append(
            start_registry(
                "token",
                lab_dir,
                token_users,
                token=TokenAuth(
                    service.realm, TOKEN_SERVICE_NAME, TOKEN_ISSUER, lab_dir / "token-signer.pem"
                ),
            )
        )
        for registry in registries:
            registry.wait(lab_certs.ca.cert)
        TIMINGS["registries_serving"] = time.monotonic() - started
        with ThreadPoolExecutor(max_workers=len(registries)) as pool:
            digests = list(
                pool.map(lambda r: seed_registry(r.registry, lab_certs.ca.cert), registries)
            )
        TIMINGS["registries"] = time.monotonic() - started
        yield LabRegistries(
            basic_http=registries[0].registry,
            basic_tls=registries[1].registry,
            token=registries[2].registry,
            token_service=service.host,
            ca_file=lab_certs.bundle,
            lab_ca=lab_certs.ca.cert,
            work_dir=lab_dir,
            digests=digests[0],
        )
    finally:
        stop_all([registry.proc.stop for registry in registries] + [service.stop])


@pytest.fixture(scope="session")
def lab_faults(
    lab_dir: Path, lab_certs: LabCerts, lab_registries: LabRegistries
) -> Iterator[dict[str, str]]:
    """Fault name -> "host:port" of every fault server (see tests/lab/faults.py)."""
    from tests.lab.faults import start_faults

    started = time.monotonic()
    faults = start_faults(lab_certs, lab_registries.basic_http.host, lab_dir)
    TIMINGS["faults"] = time.monotonic() - started
    try:
        yield dict(faults.addresses)
    finally:
        faults.stop()


@pytest.fixture(scope="session")
def _lab_dockerd_started(lab_dir: Path, lab_certs: LabCerts) -> Iterator[Dockerd]:
    """dockerd launched but not yet waited for (so `lab` overlaps its start with the registries)."""
    from tests.lab.dockerd import Dockerd

    daemon = Dockerd(lab_dir, lab_certs.bundle)
    daemon.launched_at = time.monotonic()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture(scope="session")
def lab_dockerd(_lab_dockerd_started: Dockerd) -> LabDaemon:
    """The lab's own dockerd, answering on its unix socket (`docker_host`, `docker_config`)."""
    daemon = _lab_dockerd_started.wait()
    TIMINGS.setdefault("dockerd", time.monotonic() - _lab_dockerd_started.launched_at)
    return daemon


@pytest.fixture(scope="session")
def lab(
    _lab_dockerd_started: Dockerd,
    lab_registries: LabRegistries,
    lab_faults: dict[str, str],
    lab_dockerd: LabDaemon,
) -> Lab:
    """The whole lab: registries, token service, fault servers and dockerd."""
    return Lab(
        basic_http=lab_registries.basic_http,
        basic_tls=lab_registries.basic_tls,
        token=lab_registries.token,
        token_service=lab_registries.token_service,
        ca_file=lab_registries.ca_file,
        faults=lab_faults,
        docker_host=lab_dockerd.docker_host,
        docker_config=lab_dockerd.docker_config,
        lab_ca=lab_registries.lab_ca,
        work_dir=lab_registries.work_dir,
    )


def pytest_terminal_summary(terminalreporter) -> None:
    """Report how long each lab part took to start (when the session used the lab)."""
    if TIMINGS:
        parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in TIMINGS.items())
        terminalreporter.write_line(f"test lab start-up: {parts}")
