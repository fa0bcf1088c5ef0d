"""The report's `github` block: what the GitHub step learned (names and facts, never values)."""

from __future__ import annotations

from datetime import datetime

from tui.github.facts import GithubFacts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def github_json(facts: GithubFacts) -> dict[str, Any]:
    """The `github` block of schema 3 from the step's facts."""
    started = facts.codespace.last_used_at if facts.codespace else None
    repo = facts.repo
    return {
        "repository": None if repo is None else {
            "name": repo.full_name, "visibility": repo.visibility, "push": repo.push,
        },
        "codespace_started": _time(started),
        "secrets": [
            {"name": s.name, "level": s.level, "visibility": s.visibility,
             "granted": s.granted, "updated_at": _time(s.updated_at),
             "changed_after_start": None if started is None or s.updated_at is None
             else s.updated_at > started}
            for s in facts.secrets
        ],
        "packages": [
            {"image": p.image, "package": f"{p.owner}/{p.name}", "visibility": p.visibility,
             "repository": p.repository, "repository_visibility": p.repository_visibility}
            for p in facts.packages
        ],
        "not_asked": [{"question": u.question, "reason": u.reason} for u in facts.unasked],
    }
