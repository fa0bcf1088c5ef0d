"""The GitHub step's questions, asked in order, each only when the token can ask it.

1. the repository (visibility, fork, the user's permissions), 2. the codespace
(`last_used_at`), 3. the user's Codespaces secrets and the repositories each is granted to,
4. the repository's Codespaces secrets, 5. the organization's Codespaces secrets and their
grants, 6. the container package of every ghcr.io image and Feature. Secret names go through
the naming rules of the environment's variables (`tui.secretsets.patterns`), so a misspelled
secret that never reached the codespace is still found. The answers become `GithubFacts`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial

from tui.github.api import FATAL_KINDS, ApiRefused, GithubClient, Refusal, segment
from tui.github.facts import (
    CodespaceFacts,
    GithubFacts,
    GithubSecret,
    PackageFacts,
    RepoFacts,
    Unasked,
    parse_time,
)
from tui.i18n import _, ngettext, t
from tui.model import ImageRef
from tui.record import replace
from tui.secretsets.patterns import near_miss, parse_canonical

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.github.facts import Level

IMPLIED: dict[str, tuple[str, ...]] = {
    "repo": ("public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events"),
    "user": ("read:user", "user:email", "user:follow"),
    "codespace": ("codespace:secrets",),
}
"""Classic scopes that include others (gh's table); `admin:X` ⇒ `write:X` ⇒ `read:X` too."""

Q_REPO = "the repository"
Q_CODESPACE = "when the codespace started"
Q_USER = "user secrets"
Q_REPO_SECRETS = "repository secrets"
Q_ORG = "organization secrets"
Q_PACKAGE = "the package of"

SCOPES: dict[str, str] = {
    Q_REPO: "repo",
    Q_CODESPACE: "codespace",
    Q_USER: "codespace:secrets",
    Q_REPO_SECRETS: "repo",
    Q_ORG: "admin:org",
    Q_PACKAGE: "read:packages",
}
"""The classic scope each question needs (the repository: `repo` only when it is private,
so that question is always asked)."""

PERMISSIONS: dict[str, str] = {
    Q_CODESPACE: "Codespaces: read",
    Q_USER: "Codespaces user secrets: read",
    Q_REPO_SECRETS: "Codespaces secrets: write",
    Q_ORG: "Organization codespaces secrets: read",
    Q_PACKAGE: "none: packages need a classic token",
}
"""The fine-grained permission instead (field guide), for the finding's detail."""

def codespace_token_note() -> str:
    """Why the codespace's own token cannot ask the secret questions."""
    return _("the codespace's own GITHUB_TOKEN is scoped to its repository and cannot list "
             "secrets or read the codespace")


def question_label(question: str) -> str:
    """A question as a person reads it, in the current language (the constants are keys)."""
    if question.startswith(Q_PACKAGE + " "):
        return t("the package of {ref}", ref=question[len(Q_PACKAGE) + 1:])
    return {
        Q_REPO: _("the repository"), Q_CODESPACE: _("when the codespace started"),
        Q_USER: _("user secrets"), Q_REPO_SECRETS: _("repository secrets"),
        Q_ORG: _("organization secrets"),
    }.get(question, question)


def held(scopes: Iterable[str]) -> set[str]:
    """The scopes a token holds, with the ones its scopes imply."""
    have: set[str] = set()
    for scope in scopes:
        have.add(scope)
        have.update(IMPLIED.get(scope, ()))
        kind, _, what = scope.partition(":")
        if kind == "admin" and what:
            have.update({f"write:{what}", f"read:{what}"})
        elif kind == "write" and what:
            have.add(f"read:{what}")
    return have


def ghcr_images(images: Iterable[ImageRef]) -> list[ImageRef]:
    """Each ghcr.io image and Feature once, in the order found."""
    seen: set[str] = set()
    found: list[ImageRef] = []
    for image in images:
        if image.host.lower() == "ghcr.io" and "/" in image.repository and image.ref not in seen:
            seen.add(image.ref)
            found.append(image)
    return found


class Asker:
    """Asks the questions with one client and collects the facts."""

    def __init__(self, client: GithubClient, repository: str, codespace_name: str | None,
                 images: list[ImageRef], codespace_token: bool,
                 on_question: Callable[[str], None] | None = None) -> None:
        self.client = client
        self.facts = GithubFacts(repository=repository, codespace_token=codespace_token)
        self.owner, _, self.name = repository.partition("/")
        self.codespace_name = codespace_name
        self.images = images
        self.on_question = on_question or (lambda question: None)

    # --- the order --------------------------------------------------------------------

    def run(self) -> GithubFacts:
        """Ask everything that can be asked; the facts, whatever happened."""
        started = time.monotonic()
        try:
            self._ask(Q_REPO, self.repo)
            self._ask(Q_CODESPACE, self.codespace)
            self._ask(Q_USER, self.user_secrets)
            self._ask(Q_REPO_SECRETS, self.repo_secrets)
            self._ask(Q_ORG, self.org_secrets)
            for image in ghcr_images(self.images):
                self._ask(f"{Q_PACKAGE} {image.ref}", partial(self.package, image))
        finally:
            self.client.close()
        facts = self.facts
        facts.calls = len(self.client.calls)
        facts.seconds = round(time.monotonic() - started, 3)
        facts.scopes = self.client.scopes
        facts.rate_remaining = self.client.rate_remaining
        if self.client.fatal is not None:
            facts.fatal, facts.fatal_kind = self.client.fatal.detail, self.client.fatal.kind
        return facts

    def _ask(self, question: str, ask: Callable[[], None]) -> None:
        base = question if not question.startswith(Q_PACKAGE) else Q_PACKAGE
        why = self._cannot(base)
        if why is not None:
            self.facts.unasked.append(Unasked(question_label(question), why[0], why[1],
                                              SCOPES.get(base, "")))
            return
        self.on_question(question_label(question))
        try:
            ask()
        except ApiRefused as refused:
            self._refused(question, base, refused.refusal)

    def _cannot(self, question: str) -> tuple[str, str] | None:
        """Why the token cannot ask this question, known before asking (None: ask)."""
        fatal = self.client.fatal
        if fatal is not None:
            return t("not asked: {detail}", detail=fatal.detail), fatal.kind
        if question == Q_CODESPACE and not self.codespace_name:
            return _("CODESPACE_NAME is not set (not inside a codespace)"), "no-input"
        if question == Q_ORG:
            repo = self.facts.repo
            if repo is not None and repo.owner_type and repo.owner_type != "Organization":
                return t("{owner} is a user, not an organization", owner=repo.owner), "no-input"
        if self.facts.codespace_token and question in (Q_CODESPACE, Q_USER, Q_REPO_SECRETS,
                                                      Q_ORG):
            return codespace_token_note(), "scope"
        scope = SCOPES.get(question) if question != Q_REPO else None
        scopes = self.client.scopes
        if scope and scopes is not None and scope not in held(scopes):
            return (t("the token's scopes ({scopes}) lack `{scope}`",
                      scopes=", ".join(scopes) or _("none"), scope=scope), "scope")
        return None

    def _refused(self, question: str, base: str, refusal: Refusal) -> None:
        scope = ", ".join(refusal.accepted_scopes) or SCOPES.get(base, "")
        if refusal.kind in FATAL_KINDS:
            reason = refusal.detail
        elif refusal.kind == "not-visible":
            reason = _("404: missing or not visible to this token (GitHub answers 404 for "
                       "what a token may not see)")
        elif refusal.kind == "scope":
            permission = refusal.accepted_permissions
            if scope and permission:
                reason = t("403: the token may not ask; it needs `{scope}` (or the permission "
                           "{permission})", scope=scope, permission=permission)
            elif scope:
                reason = t("403: the token may not ask; it needs `{scope}`", scope=scope)
            elif permission:
                reason = t("403: the token may not ask (or the permission {permission})",
                           permission=permission)
            else:
                reason = _("403: the token may not ask")
        else:
            reason = refusal.detail
        self.facts.unasked.append(Unasked(question_label(question), reason, refusal.kind, scope))

    # --- the questions ----------------------------------------------------------------

    def repo(self) -> None:
        """1. The repository: visibility, fork, the user's permissions."""
        data = _object(self.client.get(f"/repos/{segment(self.owner)}/{segment(self.name)}"))
        owner = _object(data.get("owner"))
        permissions = _object(data.get("permissions"))
        parent = _object(data.get("parent"))
        push = permissions.get("push")
        admin = permissions.get("admin")
        repo_id = data.get("id")
        self.facts.repo = RepoFacts(
            full_name=str(data.get("full_name") or self.facts.repository),
            id=repo_id if isinstance(repo_id, int) else None,
            visibility=str(data.get("visibility")
                           or ("private" if data.get("private") else "public")),
            fork=data.get("fork") is True,
            push=push if isinstance(push, bool) else None,
            admin=admin if isinstance(admin, bool) else None,
            owner=str(owner.get("login") or self.owner),
            owner_type=str(owner.get("type") or ""),
            parent=str(parent["full_name"]) if parent.get("full_name") else None,
        )

    def codespace(self) -> None:
        """2. The codespace: when it last started, and whether a pull request made it."""
        assert self.codespace_name
        data = _object(self.client.get(f"/user/codespaces/{segment(self.codespace_name)}"))
        repository = _object(data.get("repository"))
        self.facts.codespace = CodespaceFacts(
            name=self.codespace_name,
            last_used_at=parse_time(data.get("last_used_at")),
            state=str(data.get("state") or ""),
            pull_request=bool(data.get("pulls_url")),
            repository=str(repository.get("full_name") or ""),
            repository_fork=repository.get("fork") is True,
        )

    def user_secrets(self) -> None:
        """3. The user's secrets of the family, and whether each reaches the repository."""
        items = self.client.get_list("/user/codespaces/secrets", "secrets")
        self.facts.asked.add("user")
        for item in items:
            secret = _secret(item, "user")
            if secret is None:
                continue
            if secret.visibility == "selected":
                secret = self._selected(secret, f"/user/codespaces/secrets/{segment(secret.name)}"
                                        "/repositories", paged=False)
            else:
                secret = self._by_visibility(secret)
            self.facts.secrets.append(secret)

    def repo_secrets(self) -> None:
        """4. The repository's secrets of the family (they always reach it)."""
        path = f"/repos/{segment(self.owner)}/{segment(self.name)}/codespaces/secrets"
        items = self.client.get_list(path, "secrets")
        self.facts.asked.add("repository")
        for item in items:
            secret = _secret(item, "repository")
            if secret is not None:
                self.facts.secrets.append(_with(secret, granted=True,
                                                grant_note="a repository secret"))

    def org_secrets(self) -> None:
        """5. The organization's secrets of the family, and their grants."""
        org = self.facts.repo.owner if self.facts.repo is not None else self.owner
        items = self.client.get_list(f"/orgs/{segment(org)}/codespaces/secrets", "secrets")
        self.facts.asked.add("organization")
        for item in items:
            secret = _secret(item, "organization", owner=org)
            if secret is None:
                continue
            if secret.visibility == "selected":
                secret = self._selected(secret, f"/orgs/{segment(org)}/codespaces/secrets/"
                                        f"{segment(secret.name)}/repositories", paged=True)
            else:
                secret = self._by_visibility(secret)
            self.facts.secrets.append(secret)

    def package(self, image: ImageRef) -> None:
        """6. The container package of a ghcr.io image: visibility and linked repository."""
        owner, _sep, name = image.repository.partition("/")
        repo = self.facts.repo
        kinds = ["orgs", "users"]
        if repo is not None and repo.owner.lower() == owner.lower() and repo.owner_type == "User":
            kinds = ["users", "orgs"]
        last: ApiRefused | None = None
        for kind in kinds:
            try:
                data = _object(self.client.get(
                    f"/{kind}/{segment(owner)}/packages/container/{segment(name)}"))
            except ApiRefused as refused:
                if refused.refusal.kind != "not-visible":
                    raise
                last = refused
                continue
            linked = _object(data.get("repository"))
            self.facts.packages.append(PackageFacts(
                image=image.ref, owner=owner, name=name, owner_kind=kind,
                visibility=str(data.get("visibility") or "") or None,
                repository=str(linked["full_name"]) if linked.get("full_name") else None,
                repository_visibility=_repo_visibility(linked),
            ))
            return
        self.facts.packages.append(PackageFacts(
            image=image.ref, owner=owner, name=name,
            note=_("404 as an organization's and as a user's package: missing or not "
                   "visible to this token")))
        assert last is not None
        raise last

    # --- grants -----------------------------------------------------------------------

    def _selected(self, secret: GithubSecret, path: str, paged: bool) -> GithubSecret:
        try:
            repos = self.client.get_list(path, "repositories", paged=paged)
        except ApiRefused as refused:
            if refused.refusal.kind in FATAL_KINDS:
                raise
            why = refused.refusal.detail
            return _with(secret, granted=None,
                         grant_note=t("its repositories could not be read ({why})", why=why))
        names = {str(r.get("full_name") or "").lower() for r in repos}
        ids = {r.get("id") for r in repos}
        repo = self.facts.repo
        target = self.facts.repository.lower()
        granted = target in names or (repo is not None and repo.id is not None and repo.id in ids)
        count = len(repos)
        fields = {"count": count, "repository": self.facts.repository}
        note = (ngettext("selected: {count} repository, {repository} among them",
                         "selected: {count} repositories, {repository} among them",
                         count).format(**fields) if granted
                else ngettext("selected: {count} repository, not {repository}",
                              "selected: {count} repositories, not {repository}",
                              count).format(**fields))
        listed_ids = tuple(sorted(i for i in ids if isinstance(i, int)))
        return _with(secret, granted=granted, grant_note=note, repository_ids=listed_ids)

    def _by_visibility(self, secret: GithubSecret) -> GithubSecret:
        repo = self.facts.repo
        if secret.visibility == "all":
            return _with(secret, granted=True, grant_note=_("all repositories"))
        if secret.visibility == "private":
            if repo is None:
                return _with(secret, granted=None, grant_note=_(
                    "private repositories only; the repository's visibility is unknown"))
            if repo.public:
                return _with(secret, granted=False, grant_note=t(
                    "private repositories only, and {repository} is public",
                    repository=repo.full_name))
            return _with(secret, granted=True, grant_note=t(
                "private repositories ({repository} is {visibility})",
                repository=repo.full_name, visibility=repo.visibility))
        return _with(secret, granted=None,
                     grant_note=t("visibility `{visibility}`", visibility=secret.visibility))


def _object(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _repo_visibility(linked: dict[str, object]) -> str | None:
    if not linked:
        return None
    if linked.get("visibility"):
        return str(linked["visibility"])
    private = linked.get("private")
    return None if private is None else ("private" if private else "public")


def _secret(item: dict[str, object], level: Level, owner: str = "") -> GithubSecret | None:
    """A listed secret that belongs to a registry set (None for any other secret)."""
    name = str(item.get("name") or "")
    canonical = parse_canonical(name.upper())
    intended: str | None = None
    if canonical is not None:
        prefix, field = canonical.prefix or "", canonical.field
    else:
        miss = near_miss(name)
        if miss is None:
            return None
        intended = miss.intended()
        prefix, field = (miss.prefix or "REGISTRY"), miss.field
    visibility = item.get("visibility")
    return GithubSecret(
        name=name, level=level, prefix=prefix, field=field, intended=intended, owner=owner,
        visibility=str(visibility) if visibility else None,
        created_at=parse_time(item.get("created_at")),
        updated_at=parse_time(item.get("updated_at")),
    )


def _with(secret: GithubSecret, **changes: object) -> GithubSecret:
    return replace(secret, **changes)
