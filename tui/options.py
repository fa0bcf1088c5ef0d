"""The options shared by the wizard and `check` (SPEC: Command line)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from datetime import datetime

DEFAULT_CODESPACES_DIR = Path("/workspaces/.codespaces")
DEFAULT_TIMEOUT = 5.0


def utc_now() -> datetime:
    """The real clock (tests inject their own)."""
    from datetime import datetime, timezone  # only when a token's expiry is checked

    return datetime.now(timezone.utc)


@dataclass
class Options:
    """Everything a diagnosis needs from outside: paths, switches, environment and clock."""

    env_file: Path | None = None
    workspace: Path = field(default_factory=Path.cwd)
    codespaces_dir: Path = DEFAULT_CODESPACES_DIR
    image: str | None = None
    offline: bool = False
    timeout: float = DEFAULT_TIMEOUT
    no_daemon: bool = False
    insecure_registries: tuple[str, ...] = ()
    daemon_pull: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    """The process environment as seen at start (tests pass their own)."""
    now: Callable[[], datetime] = utc_now
    """The clock, for token expiry (injectable)."""
