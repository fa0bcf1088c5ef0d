"""Fixes grouped by who can make them, and the message to paste to each person who is not you.

SPEC, Causes and remedies: the summary and the Markdown report group the fixes by actor; for
every actor other than `you` the report holds a message the user can paste to that person —
what is wrong, the exact change, and how to check it — never a secret value (every text here
passes the report's redactor).
"""

from __future__ import annotations

from tui.model import ACTORS, Finding

ACTOR_TITLES: dict[str, str] = {
    "you": "You",
    "repository-admin": "An admin of the repository",
    "organization-owner": "An owner of the organization",
    "package-admin": "An admin of the container package",
    "registry-admin": "The registry's administrator",
    "github": "GitHub (Codespaces itself)",
}
"""How each actor is named in the summary and the reports."""

_CHECK: dict[str, str] = {
    "repository-admin": "I will then stop and start the codespace and run `registry-doctor "
                        "check`; the GitHub step shows the secrets reaching it.",
    "organization-owner": "You can check it on the secret's page (Repository access lists "
                          "{repo}); I will then stop and start the codespace and run "
                          "`registry-doctor check` to confirm.",
    "package-admin": "You can check it in the package's settings (Manage Codespaces access "
                     "lists {repo}, or the visibility reads Public); I will then rebuild the "
                     "codespace and run `registry-doctor check`, whose Pull step confirms it.",
    "registry-admin": "I will then run `registry-doctor check` in the codespace: its Login, "
                      "Pull and ECR steps confirm the change from the codespace's side.",
    "github": "The codespace's creation log (`gh codespace logs`) shows the failure; a "
              "rebuild and a new codespace failed the same way.",
}


def by_actor(fixes: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """The fixes grouped by actor, the group of the first fix first, the rest in ACTORS order
    (each group keeps the order of `fixes`)."""
    groups: dict[str, list[Finding]] = {}
    for item in fixes:
        groups.setdefault(item.actor if item.actor in ACTORS else "you", []).append(item)
    first = fixes[0].actor if fixes else None
    order = sorted(groups, key=lambda actor: (actor != first, ACTORS.index(actor)))
    return [(actor, groups[actor]) for actor in order]


def message(actor: str, fixes: list[Finding], repository: str | None) -> str:
    """The message to paste to `actor`: what is wrong, the exact change, how to check it."""
    repo = repository or "my repository"
    wanted = "\n".join(
        f"- {item.title}" + (f" (`{item.image}`)" if item.image else "")
        + f": {item.detail}\n  Change: {item.fix}"
        for item in fixes)
    check = _CHECK.get(actor, "").format(repo=f"`{repo}`")
    return (f"Hello, my codespace for `{repo}` cannot pull its dev container image, and "
            f"registry-doctor says the fix is yours to make:\n\n{wanted}\n\n{check}\n"
            "Thank you!")
