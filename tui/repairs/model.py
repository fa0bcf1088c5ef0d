"""What a repair is: the finding it mends, the exact requests, what it needs, how to undo it.

Plain data: names and paths, never a value. `Op`s are what `tui.repairs.apply` executes;
`requests` is what a person reads and what the journal keeps.
"""

from __future__ import annotations

from tui.github.levels import Level
from tui.i18n import _
from tui.record import field, record

CODESPACE_SCOPE = "a token with the codespace scope (`gh auth refresh -s codespace`)"
ORG_SCOPE = "an organization owner's token with admin:org (`gh auth refresh -s admin:org`)"
REPO_SCOPE = ("a token with the repo scope and write access to the repository "
              "(`gh auth refresh -s repo`)")
AWS_RIGHTS = ("your own AWS credentials (environment or profile) with iam:PutUserPolicy "
              "on the key's IAM user")
"""The English texts of what a repair needs (`scope_of` and `aws_rights` translate them)."""


def scope_of(level: Level) -> str:
    """What a write at this level needs, in the current language."""
    if level.kind == "user":
        return _("a token with the codespace scope (`gh auth refresh -s codespace`)")
    if level.kind == "organization":
        return _("an organization owner's token with admin:org (`gh auth refresh -s admin:org`)")
    return _("a token with the repo scope and write access to the repository "
             "(`gh auth refresh -s repo`)")


def aws_rights() -> str:
    """What the IAM repair needs, in the current language."""
    return _("your own AWS credentials (environment or profile) with iam:PutUserPolicy on the "
             "key's IAM user")


@record(frozen=True)
class Op:
    """One change: `grant`, `put` (a value), `delete`, or `iam` (put a user policy).

    For `put`, the value is `source` (a variable that reached the codespace) made right by
    `correct` (`clean`, `server`, `dockerhub`, `as-is`), or the typed value of `field`.
    """

    kind: str
    name: str
    level: Level | None = None
    source: str = ""
    correct: str = "as-is"
    field: str = ""
    fixed: str = ""
    """A value that is no secret and known in advance (the SERVER of a new set)."""
    repository_ids: tuple[int, ...] = ()
    visibility: str | None = None
    repository_id: int = 0
    user_name: str = ""
    policy: str = ""
    """The policy JSON (no secret in it) for `iam`."""


@record(frozen=True)
class Repair:
    """One repair `fix` offers: asked for on its own, journaled on its own."""

    code: str
    action: str
    """grant-secret | set-secret | rename-secret | delete-secret | set-typed-secrets |
    attach-policy"""
    target: tuple[str, ...]
    """The names it changes (secret names, or the IAM user)."""
    summary: str
    requests: tuple[str, ...]
    needs: str
    undo: tuple[str, ...]
    ops: tuple[Op, ...] = ()
    typed: tuple[str, ...] = ()
    """The secret names whose values the user must type (empty: none)."""
    host: str = ""
    """The registry a typed set is tested against (Login and Pull probes)."""
    images: tuple[str, ...] = ()
    """The images whose pull a typed set must pass."""
    known: dict[str, str] = field(default_factory=dict, compare=False)
    """Field → the name of a value already in the codespace, to test typed ones with."""

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """Two findings that lead to the same change share one repair."""
        return self.action, self.target

    def describe(self) -> dict[str, object]:
        """The finding's `repair` field in the JSON report."""
        return {"action": self.action, "summary": self.summary,
                "requests": list(self.requests), "needs": self.needs}
