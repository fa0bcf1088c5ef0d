"""The options shared by the wizard and `check` (SPEC: Command line)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from tui.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from datetime import datetime

DEFAULT_CODESPACES_DIR = Path("/workspaces/.codespaces")
DEFAULT_TIMEOUT = 5.0


def utc_now() -> datetime:
    """The real clock (tests inject their own)."""
    from datetime import datetime, timezone  # only when a token's expiry is checked

    return datetime.now(timezone.utc)


@record
class Options:
    """Everything a diagnosis needs from outside: paths, switches, environment and clock."""

    env_file: Path | None = None
    workspace: Path = field(default_factory=Path.cwd)
    codespaces_dir: Path = DEFAULT_CODESPACES_DIR
    image: str | None = None
    offline: bool = False
    timeout: float = DEFAULT_TIMEOUT
    no_daemon: bool = False
    no_github: bool = False
    """Never call GitHub's API (`--no-github`): the GitHub step is skipped."""
    repo: str | None = None
    """The codespace's repository, OWNER/REPO (`--repo`; default GITHUB_REPOSITORY)."""
    insecure_registries: tuple[str, ...] = ()
    daemon_pull: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    """The process environment as seen at start (tests pass their own)."""
    now: Callable[[], datetime] = utc_now
    """The clock, for token expiry (injectable)."""
    loopback_only: bool = False
    """Contact only registries on this machine (the demo): other hosts are not asked."""
    language: str = "en"
    """The language of every text a person reads (`--lang`, else the locale): en | ja."""

    def may_contact(self, host: str) -> bool:
        """Whether a check may send anything to `host` (`host[:port]`) under these options."""
        return not self.loopback_only or is_loopback_host(host)


def is_loopback_host(hostport: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1, with or without a port (no DNS asked)."""
    host = hostport.strip().lower()
    if host.startswith("["):
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    parts = host.split(".")
    dotted = len(parts) == 4 and parts[0] == "127" and all(p.isdigit() for p in parts)
    return host in ("localhost", "::1") or dotted
