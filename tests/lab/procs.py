"""Process and port helpers of the lab: start a server binary, wait for it, stop it by PID."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1


try:
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: no parent-death signal
    _PRCTL = None


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the test process dies, so no server outlives a killed run."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


class LabStartError(RuntimeError):
    """A lab part did not come up; the message carries its log tail."""


def require_binary(name: str) -> str:
    """The full path of `name`, or fail loudly (never skip) when it is not installed."""
    path = shutil.which(name) or next(
        (
            p
            for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}", f"/sbin/{name}")
            if os.access(p, os.X_OK)
        ),
        None,
    )
    if not path:
        raise LabStartError(
            f"the test lab needs `{name}` on PATH; install the Debian packages "
            "docker.io docker-registry apache2-utils"
        )
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS says is free on `host` right now (for servers that need it in a config)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log file (or a note that there is none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


class Proc:
    """A server process the lab started; stopped by its own PID only."""

    def __init__(self, name: str, argv: list[str], log: Path, env: dict[str, str] | None = None):
        self.name = name
        self.log = log
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self.pid = self.popen.pid

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.popen.poll() is None

    def fail(self, why: str) -> LabStartError:
        """An error naming the process, the reason and its log tail."""
        return LabStartError(
            f"{self.name} (pid {self.pid}) {why}; log {self.log}:\n{log_tail(self.log)}"
        )

    def wait_until(self, ready: Callable[[], bool], deadline_s: float, what: str) -> None:
        """Poll `ready()` until true; fail with the log tail if the process dies or time is up."""
        end = time.monotonic() + deadline_s
        while True:
            if not self.alive():
                raise self.fail(f"exited with status {self.popen.returncode} before {what}")
            try:
                if ready():
                    return
            except Exception:
                pass
            if time.monotonic() > end:
                raise self.fail(f"not {what} within {deadline_s:.0f} s")
            time.sleep(0.05)

    def stop(self, grace_s: float = 10.0) -> None:
        """SIGTERM this PID, then SIGKILL it if it has not exited within `grace_s`."""
        if not self.alive():
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            self.popen.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)
        except ProcessLookupError:
            pass


def tcp_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def stop_all(stoppers: list[Callable[[], None]]) -> None:
    """Run every stop function at once (threads); re-raise the first failure after all ran."""
    from concurrent.futures import ThreadPoolExecutor

    if not stoppers:
        return
    with ThreadPoolExecutor(max_workers=len(stoppers)) as pool:
        futures = [pool.submit(stop) for stop in stoppers]
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:
        raise errors[0]
