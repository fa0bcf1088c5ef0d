"""Fixes grouped by who can make them, and the message to paste to each person who is not you.

SPEC, Causes and remedies: the summary and the Markdown report group the fixes by actor; for
every actor other than `you` the report holds a message the user can paste to that person —
what is wrong, the exact change, and how to check it — never a secret value (every text here
passes the report's redactor). Every text is made in the current language (`tui.i18n`).
"""

from __future__ import annotations

from tui.i18n import N_, _, t
from tui.model import ACTORS, Finding

ACTOR_TITLES: dict[str, str] = {
    "you": N_("You"),
    "repository-admin": N_("An admin of the repository"),
    "organization-owner": N_("An owner of the organization"),
    "package-admin": N_("An admin of the container package"),
    "registry-admin": N_("The registry's administrator"),
    "github": N_("GitHub (Codespaces itself)"),
}
"""How each actor is named in the summary and the reports (English message ids: translate
with `_()`, or call `actor_title`)."""


def actor_title(actor: str) -> str:
    """The actor as a heading, in the current language."""
    return _(ACTOR_TITLES.get(actor, ACTOR_TITLES["you"]))


def actor_name(actor: str) -> str:
    """The actor inside a sentence ("an admin of the repository"), in the current language."""
    names = {
        "you": _("you"),
        "repository-admin": _("an admin of the repository"),
        "organization-owner": _("an owner of the organization"),
        "package-admin": _("an admin of the container package"),
        "registry-admin": _("the registry's administrator"),
        "github": _("GitHub (Codespaces itself)"),
    }
    return names.get(actor, names["you"])


def _check(actor: str, repo: str) -> str:
    """How the other person can see the change worked (and what the user does then)."""
    if actor == "repository-admin":
        return _("I will then stop and start the codespace and run `registry-doctor check`; "
                 "the GitHub step shows the secrets reaching it.")
    if actor == "organization-owner":
        return t("You can check it on the secret's page (Repository access lists {repo}); I "
                 "will then stop and start the codespace and run `registry-doctor check` to "
                 "confirm.", repo=repo)
    if actor == "package-admin":
        return t("You can check it in the package's settings (Manage Codespaces access lists "
                 "{repo}, or the visibility reads Public); I will then rebuild the codespace "
                 "and run `registry-doctor check`, whose Pull step confirms it.", repo=repo)
    if actor == "registry-admin":
        return _("I will then run `registry-doctor check` in the codespace: its Login, Pull and "
                 "ECR steps confirm the change from the codespace's side.")
    if actor == "github":
        return _("The codespace's creation log (`gh codespace logs`) shows the failure; a "
                 "rebuild and a new codespace failed the same way.")
    return ""


def by_actor(fixes: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """The fixes grouped by actor, the group of the first fix first, the rest in ACTORS order
    (each group keeps the order of `fixes`)."""
    groups: dict[str, list[Finding]] = {}
    for item in fixes:
        groups.setdefault(item.actor if item.actor in ACTORS else "you", []).append(item)
    first = fixes[0].actor if fixes else None
    order = sorted(groups, key=lambda actor: (actor != first, ACTORS.index(actor)))
    return [(actor, groups[actor]) for actor in order]


def _wanted(item: Finding) -> str:
    if item.image:
        return t("- {title} (`{image}`): {detail}\n  Change: {fix}", title=item.title,
                 image=item.image, detail=item.detail, fix=item.fix)
    return t("- {title}: {detail}\n  Change: {fix}", title=item.title, detail=item.detail,
             fix=item.fix)


def message(actor: str, fixes: list[Finding], repository: str | None) -> str:
    """The message to paste to `actor`: what is wrong, the exact change, how to check it."""
    repo = f"`{repository}`" if repository else _("my repository")
    wanted = "\n".join(_wanted(item) for item in fixes)
    return t("Hello, my codespace for {repo} cannot pull its dev container image, and "
             "registry-doctor says the fix is yours to make:\n\n{wanted}\n\n{check}\n"
             "Thank you!", repo=repo, wanted=wanted, check=_check(actor, repo))
