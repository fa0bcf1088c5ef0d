"""What the ECR step learns about one secret set, the names of the pull rights and their
states, and the AWS calls module (loaded when an ECR set is checked, not on every run)."""

from __future__ import annotations

from tui.aws.policy import PULL_ACTIONS
from tui.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from datetime import datetime


STEP = "ecr"
GET_TOKEN, BATCH_GET_IMAGE, GET_LAYER_URL = PULL_ACTIONS
ALLOWED, DENIED, NOT_CHECKED = "allowed", "denied", "not-checked"


@record
class EcrSetResult:
    """What the ECR step learned about one secret set (for the wizard's ECR screen)."""

    prefix: str
    host: str
    mode: str
    """keys (USER is an access key id) | token (USER is `AWS`) | skipped"""
    registry_account: str | None = None
    region: str | None = None
    identity_account: str | None = None
    identity_arn: str | None = None
    token_ok: bool | None = None
    """Whether the keys swapped for a registry token (None: not tried)."""
    token_expires: datetime | None = None
    actions: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(PULL_ACTIONS, NOT_CHECKED)
    )
    """Each pull right → allowed | denied | not-checked."""
    repositories: list[str] = field(default_factory=list)
    policy: str | None = None
    """The least-privilege policy JSON, when a right is missing."""
    proxy_endpoint: str | None = None
    """The registry address AWS gave with the token."""
    probe: str = "not run"
    """How the token fared at the registry (login, then pull), or why it was not tried."""
    notes: list[str] = field(default_factory=list)


def aws_calls():
    """`tui.aws.calls`, imported when an ECR set is checked (not on every run)."""
    from tui.aws import calls as aws_calls

    return aws_calls


