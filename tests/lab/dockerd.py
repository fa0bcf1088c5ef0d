"""The lab's own Docker engine: `dockerd` (vfs storage, no bridge, no iptables) on a unix socket
in the lab dir, with its own data/exec roots; it never touches the machine's default daemon."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
from pathlib import Path

from tests.lab import LabDaemon
from tests.lab.procs import Proc, require_binary

START_DEADLINE_S = 40.0
STOP_GRACE_S = 20.0
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a unix socket (for the daemon's /_ping)."""

    def __init__(self, path: str, timeout: float = 1.0):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


def ping(socket_path: str) -> bool:
    """Whether the daemon at `socket_path` answers `GET /_ping` with OK."""
    conn = UnixHTTPConnection(socket_path)
    try:
        conn.request("GET", "/_ping")
        answer = conn.getresponse()
        return answer.status == 200 and answer.read() == b"OK"
    finally:
        conn.close()


def daemon_config(root: Path) -> dict:
    """The daemon.json of the lab's dockerd (keys dockerd 20.10 accepts)."""
    return {
        "storage-driver": "vfs",
        "iptables": False,
        "ip6tables": False,
        "bridge": "none",
        "data-root": str(root / "data"),
        "exec-root": str(root / "exec"),
        "pidfile": str(root / "docker.pid"),
        "hosts": [f"unix://{root / 'docker.sock'}"],
    }


def daemon_env(ca_bundle: Path | None) -> dict[str, str]:
    """The daemon's environment: no proxies, no DOCKER_* of the caller, the lab CA trusted."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key.lower() not in PROXY_VARS and not key.startswith("DOCKER_")
    }
    path = env.get("PATH", "")
    for extra in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if extra not in path.split(":"):
            path = f"{path}:{extra}" if path else extra
    env["PATH"] = path
    if ca_bundle is not None:
        env["SSL_CERT_FILE"] = str(ca_bundle)
    return env


class Dockerd:
    """A started dockerd; `.wait()` until it answers, `.stop()` by its PID."""

    def __init__(self, work_dir: Path, ca_bundle: Path | None = None):
        binary = require_binary("dockerd")
        require_binary("containerd")
        self.root = work_dir / "d"
        self.root.mkdir(parents=True, exist_ok=True)
        self.socket_path = str(self.root / "docker.sock")
        self.launched_at = 0.0
        self.config_dir = work_dir / "docker-config"
        self.config_dir.mkdir(exist_ok=True)
        config = self.root / "daemon.json"
        config.write_text(json.dumps(daemon_config(self.root), indent=2), encoding="utf-8")
        self.proc = Proc(
            "dockerd",
            [binary, "--config-file", str(config)],
            self.root / "dockerd.log",
            env=daemon_env(ca_bundle),
        )

    def wait(self) -> LabDaemon:
        """Wait until `/_ping` answers (or fail with the daemon's log tail)."""
        self.proc.wait_until(lambda: ping(self.socket_path), START_DEADLINE_S, "answering /_ping")
        return LabDaemon(f"unix://{self.socket_path}", self.config_dir, self.proc.pid)

    def stop(self) -> None:
        """Stop the daemon by its PID, then release any mount it left under its root."""
        self.proc.stop(STOP_GRACE_S)
        unmount_under(self.root)


def unmount_under(root: Path) -> None:
    """Lazily unmount every mount point below `root` (deepest first)."""
    prefix = str(root.resolve())
    try:
        with open("/proc/self/mounts", encoding="utf-8") as mounts:
            points = [line.split()[1] for line in mounts]
    except OSError:
        return
    points = [p.replace("\\040", " ") for p in points if p == prefix or p.startswith(prefix + "/")]
    for point in sorted(points, key=len, reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True, timeout=10, check=False)
