"""Where a Codespaces secret lives, as API paths: the user, a repository, an organization.

Plain data (no I/O), so a report can name the requests a repair would make without loading
the HTTP client.
"""

from __future__ import annotations

from urllib.parse import quote

from tui.record import record


def segment(value: str) -> str:
    """One path segment, percent-encoded."""
    return quote(value, safe="")


@record(frozen=True)
class Level:
    """Where a secret lives: `user`, `repository` (with `repo`) or `organization` (`org`)."""

    kind: str
    repo: str = ""
    org: str = ""

    @property
    def root(self) -> str:
        """The path of the level's secrets list."""
        if self.kind == "repository":
            owner, _, name = self.repo.partition("/")
            return f"/repos/{segment(owner)}/{segment(name)}/codespaces/secrets"
        if self.kind == "organization":
            return f"/orgs/{segment(self.org)}/codespaces/secrets"
        return "/user/codespaces/secrets"

    def secret(self, name: str) -> str:
        """The path of one secret."""
        return f"{self.root}/{segment(name)}"

    def grant(self, name: str, repository_id: int) -> str:
        """The path that grants one repository one user or organization secret."""
        return f"{self.secret(name)}/repositories/{repository_id}"

    @property
    def public_key(self) -> str:
        return f"{self.root}/public-key"
