"""What the GitHub step learned from GitHub's API, as plain typed records (no I/O here).

The asking is `tui.github.questions`; the verdicts over these facts are
`tui.github.verdicts`; the screen and the Pull step read them from the Handoff.
"""

from __future__ import annotations

from datetime import datetime

from tui.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Literal

    Level = Literal["user", "repository", "organization"]

LEVEL_ORDER: dict[str, int] = {"repository": 0, "organization": 1, "user": 2}


def parse_time(value: object) -> datetime | None:
    """An API date-time (`2025-05-02T10:15:03Z`) as an aware datetime; None when unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@record(frozen=True)
class RepoFacts:
    """`GET /repos/{owner}/{repo}`: the codespace's repository as GitHub describes it."""

    full_name: str
    id: int | None
    visibility: str
    """`public`, `private` or `internal` (any string GitHub sends)."""
    fork: bool = False
    push: bool | None = None
    """Whether the token's user may push (None: GitHub did not say)."""
    admin: bool | None = None
    """Whether the token's user administers the repository (None: GitHub did not say)."""
    owner: str = ""
    owner_type: str = ""
    """`Organization` or `User`."""
    parent: str | None = None
    """For a fork, the repository it was forked from."""

    @property
    def public(self) -> bool:
        return self.visibility == "public"


@record(frozen=True)
class CodespaceFacts:
    """`GET /user/codespaces/{CODESPACE_NAME}`: when the codespace last started."""

    name: str
    last_used_at: datetime | None
    """"Last known time this codespace was started" (the restart test compares with it)."""
    state: str = ""
    pull_request: bool = False
    """GitHub links a pull request to this codespace (`pulls_url`)."""
    repository: str = ""
    repository_fork: bool = False


@record(frozen=True)
class GithubSecret:
    """One Codespaces secret of a set, at one level (its value is never known)."""

    name: str
    level: Level
    prefix: str
    """The set it belongs to, after the naming rules (a misspelled name keeps its set)."""
    field: str
    """SERVER, USER or PASSWORD."""
    intended: str | None = None
    """The name on the pattern, when this one is off it (misspelled)."""
    owner: str = ""
    """The organization of an organization secret (empty otherwise)."""
    visibility: str | None = None
    """`all`, `private` or `selected` (user, organization); None at repository level."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    granted: bool | None = None
    """Whether it reaches the codespace's repository (None: could not be told)."""
    grant_note: str = ""
    """Why granted is what it is, one phrase."""
    repository_ids: tuple[int, ...] | None = None
    """The ids of the repositories a `selected` secret reaches (None: not read)."""


@record(frozen=True)
class PackageFacts:
    """The container package behind one ghcr.io image or Feature."""

    image: str
    owner: str
    name: str
    """The package name, e.g. `devcontainer-images/python` (sent as `%2F`)."""
    owner_kind: str = ""
    """`orgs` or `users`: the API path that answered."""
    visibility: str | None = None
    """`public`, `private`, `internal` (None: not seen)."""
    repository: str | None = None
    """The linked repository's full name, when linked."""
    repository_visibility: str | None = None
    note: str = ""
    """Why it was not seen, when it was not (404: missing or not visible to this token)."""

    @property
    def settings_url(self) -> str:
        """The package's settings page (organization form unless known to be a user's)."""
        from tui.workspace.imageref import package_settings_url

        kind = "users" if self.owner_kind == "users" else "orgs"
        return package_settings_url(self.owner, self.name, kind)


@record(frozen=True)
class Unasked:
    """A question the step could not ask or got no answer to, and why."""

    question: str
    reason: str
    kind: str
    """`scope` (the token may not), `not-visible` (404), `no-input`, or a fatal refusal kind."""
    scope: str = ""
    """The classic scope (or fine-grained permission) that would let the token ask."""


@record
class GithubFacts:
    """Everything the GitHub step learned, plus what it could not ask."""

    repository: str
    repo: RepoFacts | None = None
    codespace: CodespaceFacts | None = None
    secrets: list[GithubSecret] = field(default_factory=list)
    packages: list[PackageFacts] = field(default_factory=list)
    unasked: list[Unasked] = field(default_factory=list)
    calls: int = 0
    seconds: float = 0.0
    scopes: tuple[str, ...] | None = None
    """The token's classic scopes (`X-OAuth-Scopes`); None when GitHub sent none."""
    rate_remaining: int | None = None
    fatal: str = ""
    """Why the step stopped asking (refused token, rate limit, silence); empty otherwise."""
    fatal_kind: str = ""
    codespace_token: bool = False
    """The token is the codespace's own GITHUB_TOKEN (scoped to its repository)."""
    asked: set[str] = field(default_factory=set)
    """Secret levels whose lists were read: `user`, `repository`, `organization`."""

    def package_for(self, image: str) -> PackageFacts | None:
        """The package facts of an image reference (None when not asked)."""
        return next((p for p in self.packages if p.image == image), None)

    def sets(self) -> dict[str, list[GithubSecret]]:
        """The secrets grouped by set prefix, sorted by field and level."""
        grouped: dict[str, list[GithubSecret]] = {}
        for item in self.secrets:
            grouped.setdefault(item.prefix, []).append(item)
        fields = {"SERVER": 0, "USER": 1, "PASSWORD": 2}
        for items in grouped.values():
            items.sort(key=lambda s: (fields.get(s.field, 3), LEVEL_ORDER[s.level], s.name))
        return dict(sorted(grouped.items()))
