"""What a probe found: the `Ladder` of its stages (status, seconds, what each proved), the
failure and warnings; and the `Warm` session a passing login hands to the pull of the same
registry. The walks that fill a ladder are in `tui.registry.probe.walks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tui.record import field, record
from tui.workspace.imageref import HUB_ALIASES

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from tui.registry.probe.challenge import Challenge
    from tui.registry.probe.errors import ProbeFailure
    from tui.registry.probe.http import Session
    from tui.steps import StageState

DOCKER_HUB_HOSTS = HUB_ALIASES
"""Hosts that mean Docker Hub (one list: `tui.workspace.imageref.HUB_ALIASES`)."""
HUB_API_HOST = "registry-1.docker.io"

StageCallback = Callable[[str, "StageState", str, "float | None"], None]
"""(stage, state, note, seconds): every stage as it starts and ends (the step's ladder)."""


@record
class Stage:
    """One rung of the ladder."""

    name: str
    status: StageState
    """pass | warn | fail | skip"""
    seconds: float
    detail: str = ""


@record
class Ladder:
    """What one probe found: its stages, the failure (if any) and warnings."""

    subject: str
    host: str
    stages: list[Stage] = field(default_factory=list)
    failure: ProbeFailure | None = None
    warnings: list[ProbeFailure] = field(default_factory=list)
    seconds: float = 0.0
    scheme: str = ""
    anonymous: bool = False
    facts: dict[str, Any] = field(default_factory=dict)
    """Extra results: auth scheme, realm, digest, platform, blob URL, close tags."""
    finding: Any = None
    """The Finding the step made of the failure (set by the step)."""
    warm: Warm | None = field(default=None, repr=False, compare=False)
    """What a passing login kept open for the pull (`probe_login(keep=True)`), until taken."""

    @property
    def ok(self) -> bool:
        return self.failure is None

    def scrub(self, redact: Callable[[str], str]) -> None:
        """Pass every text the ladder keeps through `redact` (the diagnosis's redactor)."""
        for stage in self.stages:
            stage.detail = redact(stage.detail)
        for failure in [self.failure, *self.warnings]:
            if failure is not None:
                failure.detail = redact(failure.detail)

    @property
    def failed_stage(self) -> str | None:
        return self.failure.stage if self.failure else None


LoginOutcome = Ladder
PullOutcome = Ladder

REUSED_STAGES = ("dns", "tcp", "tls", "challenge")
"""The stages a pull need not walk again after a passing login to the same registry."""


@record
class Warm:
    """What a passing login leaves for the pull with the same set: its session (the open
    connections, to the registry and to a token service), the registry's base URL and
    challenge, and the stages that found them. One pull takes it (`take_warm`)."""

    session: Session
    host: str
    """The registry host the login probed (`api_host` of the set's server)."""
    base: str
    challenge: Challenge | None
    stages: list[Stage]
    warnings: list[ProbeFailure]

    def close(self) -> None:
        self.session.close()


def take_warm(ladder: Ladder | None, image_host: str) -> Warm | None:
    """The login ladder's open session when it probed `image_host`'s registry (then it is
    the caller's: the ladder lets go of it); None otherwise."""
    warm = ladder.warm if ladder is not None else None
    if warm is None or warm.host.lower() != api_host(image_host).lower():
        return None
    ladder.warm = None  # type: ignore[union-attr]
    return warm


def release_warm(ladders: Iterable[Ladder]) -> None:
    """Close the sessions that logins kept and no pull took."""
    for ladder in ladders:
        if ladder.warm is not None:
            ladder.warm.close()
            ladder.warm = None


def api_host(host: str) -> str:
    """The host the registry API answers on (Docker Hub: registry-1.docker.io)."""
    return HUB_API_HOST if host.lower() in DOCKER_HUB_HOSTS else host


def is_hub(host: str) -> bool:
    return host.lower() in DOCKER_HUB_HOSTS
