"""Real CNCF distribution registries (`docker-registry serve`) for the lab: htpasswd over plain
HTTP, htpasswd over TLS, or token auth with the lab token service; all on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import secrets
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.lab import LabRegistry
from tests.lab.certs import KeyPair
from tests.lab.procs import LabStartError, Proc, free_port, log_tail, require_binary

START_DEADLINE_S = 20.0


def htpasswd_lines(users: dict[str, str]) -> str:
    """bcrypt htpasswd lines for `users`; passwords go through stdin, never the command line."""
    binary = require_binary("htpasswd")
    lines = []
    for user, password in users.items():
        done = subprocess.run(
            [binary, "-niB", user],
            input=password,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        if done.returncode != 0:
            raise LabStartError(f"htpasswd failed for {user}: {done.stderr.strip()}")
        lines.append(done.stdout.strip())
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class TokenAuth:
    """What a token-auth registry needs to trust the lab token service."""

    realm: str
    service: str
    issuer: str
    rootcertbundle: Path


def registry_config(data: Path, port: int, auth: dict, tls: KeyPair | None) -> dict:
    """The registry's config (JSON is YAML too)."""
    http_section: dict = {"addr": f"127.0.0.1:{port}", "secret": secrets.token_hex(16)}
    if tls is not None:
        http_section["tls"] = {"certificate": str(tls.cert), "key": str(tls.key)}
    return {
        "version": "0.1",
        "log": {"level": "info", "formatter": "text"},
        "storage": {"filesystem": {"rootdirectory": str(data)}, "delete": {"enabled": True}},
        "http": http_section,
        "auth": auth,
    }


class RegistryProcess:
    """A started registry: the process and what tests see of it. Relaunches itself on a new
    port if another process took the chosen one before the registry bound it."""

    def __init__(
        self, name: str, root: Path, users: dict[str, str], auth: dict, tls: KeyPair | None
    ):
        self.name, self.root, self.users, self.auth, self.tls = name, root, users, auth, tls
        self.launches = 0
        self.launch()

    def launch(self) -> None:
        """Write the config for a free port and start the process (without waiting)."""
        self.launches += 1
        port = free_port()
        config = self.root / "config.yml"
        settings = registry_config(self.root / "data", port, self.auth, self.tls)
        config.write_text(json.dumps(settings, indent=2), encoding="utf-8")
        self.proc = Proc(
            f"registry {self.name}",
            [require_binary("docker-registry"), "serve", str(config)],
            self.root / "registry.log",
        )
        host = f"localhost:{port}" if self.tls is not None else f"127.0.0.1:{port}"
        scheme = "https" if self.tls is not None else "http"
        self.registry = LabRegistry(self.name, host, scheme, dict(self.users))

    def ready(self, ca_file: Path | None) -> bool:
        """Whether `/v2/` answers 401 (the registry is serving)."""
        host, port = "127.0.0.1", int(self.registry.host.rsplit(":", 1)[1])
        if self.registry.scheme == "https":
            context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
            context.check_hostname = False
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, port, timeout=1, context=context
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=1)
        try:
            conn.request("GET", "/v2/")
            return conn.getresponse().status == 401
        finally:
            conn.close()

    def wait(self, ca_file: Path | None) -> None:
        """Wait until serving (relaunching on a port clash), or raise with the log tail."""
        while True:
            try:
                self.proc.wait_until(lambda: self.ready(ca_file), START_DEADLINE_S, "serving /v2/")
                return
            except LabStartError:
                clash = "address already in use" in log_tail(self.proc.log, 5)
                if not clash or self.launches >= 3:
                    raise
                self.launch()


def start_registry(
    name: str,
    work_dir: Path,
    users: dict[str, str],
    *,
    tls: KeyPair | None = None,
    token: TokenAuth | None = None,
) -> RegistryProcess:
    """Start `docker-registry serve` for `name` (does not wait; call `.wait()`)."""
    require_binary("docker-registry")
    root = work_dir / name
    (root / "data").mkdir(parents=True, exist_ok=True)
    if token is not None:
        auth = {
            "token": {
                "realm": token.realm,
                "service": token.service,
                "issuer": token.issuer,
                "rootcertbundle": str(token.rootcertbundle),
            }
        }
    else:
        htpasswd = root / "htpasswd"
        htpasswd.write_text(htpasswd_lines(users), encoding="utf-8")
        auth = {"htpasswd": {"realm": "basic-realm", "path": str(htpasswd)}}
    return RegistryProcess(name, root, users, auth, tls)
