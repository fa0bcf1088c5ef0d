"""GHCR: why a codespace cannot read a ghcr.io package, from an anonymous probe and one with
the codespace's own `GITHUB_TOKEN` (the decision is a pure function, tested on recorded answers).
"""

from __future__ import annotations

from urllib.parse import quote

from tui.i18n import t
from tui.model import ImageRef
from tui.registry.probe.errors import ProbeFailure
from tui.workspace.imageref import ghcr_settings_urls

GHCR_HOST = "ghcr.io"
_DENIALS = {"PULL_DENIED", "LOGIN_UNAUTHORIZED"}


def settings_url(image: ImageRef) -> str:
    """Where the package's access settings are (organization form; users have /users/)."""
    return ghcr_settings_urls(image)[0]


def ghcr_verdict(
    image: ImageRef,
    anonymous: ProbeFailure | None,
    with_token: ProbeFailure | None,
    token_present: bool,
    repository: str | None,
) -> ProbeFailure | None:
    """The failure to report for a ghcr.io image, or None when the codespace can read it.

    `anonymous` / `with_token`: the failures of the anonymous probe and of the probe with
    `GITHUB_TOKEN` (None = passed; `with_token` is ignored when `token_present` is false).
    `repository` is the codespace's `OWNER/REPO` when known.
    """
    if anonymous is None:
        return None
    if anonymous.code not in _DENIALS | {"IMAGE_NOT_FOUND"}:
        return anonymous
    owner, _, package = image.repository.partition("/")
    name = f"ghcr.io/{image.repository}"
    what = t("the Feature {package}", package=name) if image.role == "feature" else name
    user_url = f"https://github.com/users/{owner}/packages/container/{quote(package, safe='')}"
    where = t("Package settings: {url} (for a user-owned package {user_url})",
              url=settings_url(image), user_url=f"{user_url}/settings")
    listed = repository or "OWNER/REPO"
    if not token_present:
        return ProbeFailure(
            "GHCR_PACKAGE_ACCESS", anonymous.stage,
            t("{what} is not public (anonymous read refused: {code}), and no GITHUB_TOKEN is "
              "here to test the codespace's own access (run inside the codespace). One of these "
              "applies: the package does not inherit the repository's access; the repository is "
              "public and the image internal; the repository is not in the package's access "
              "list; the package is private.", what=what, code=anonymous.code),
            fix=t("{where}: under Manage Codespaces access add {repository} with the Read role "
                  "(or tick Inherit access from repository).", where=where, repository=listed),
        )
    if with_token is None:
        return None
    if with_token.code == "IMAGE_NOT_FOUND":
        return with_token
    if with_token.code not in _DENIALS:
        return with_token
    repo_owner, _, repo_name = (repository or "").partition("/")
    if repository and repo_owner.lower() == owner.lower() and repo_name.lower() == package.lower():
        detail = t("The codespace's token may not read {what}: same repository: the package "
                   "does not inherit the repository's access (Inherit access from repository is "
                   "off, as after publishing with a personal token). Registry said: {said}",
                   what=what, said=with_token.detail)
        fix = t("{where}: tick Inherit access from repository (or add {repository} with Read).",
                where=where, repository=repository)
    elif repository and repo_owner.lower() == owner.lower():
        detail = t("The codespace's token may not read {what}: same owner: {repository} is not "
                   "in the package's access list (or the repository is public and the image "
                   "internal, which needs a by-hand grant). Registry said: {said}", what=what,
                   repository=repository, said=with_token.detail)
        fix = t("{where}: under Manage Codespaces access add {repository} with the Read role.",
                where=where, repository=repository)
    else:
        if repository:
            detail = t("The codespace's token may not read {what}: the package belongs to "
                       "{owner}, and {repository} is not in its access list (or the package is "
                       "private). Registry said: {said}", what=what, owner=owner,
                       repository=repository, said=with_token.detail)
        else:
            detail = t("The codespace's token may not read {what}: the package belongs to "
                       "{owner}, and this repository is not in its access list (or the package "
                       "is private). Registry said: {said}", what=what, owner=owner,
                       said=with_token.detail)
        fix = t("{where}: under Manage Codespaces access add {repository} with the Read role.",
                where=where, repository=listed)
    return ProbeFailure(
        "GHCR_PACKAGE_ACCESS", with_token.stage,
        detail, fix=fix,
    )
