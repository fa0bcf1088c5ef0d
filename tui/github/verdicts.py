"""The GitHub step's verdicts: a pure function of what GitHub said and what reached the codespace.

`verdicts(facts, here, token_source)` joins the facts (`GithubFacts`) with `Here` (the
variable names that reached this codespace) and gives the findings; `ghcr_case(package,
repo)` names why a ghcr.io package is refused, for the Pull step's GHCR_PACKAGE_ACCESS.
No I/O, no clock: every input is an argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tui.catalogue import finding
from tui.github.facts import GithubFacts, GithubSecret, PackageFacts, RepoFacts, Unasked
from tui.i18n import _, ngettext, t
from tui.model import Finding, Severity
from tui.record import record

LOGIN_HINT = ("`unset GITHUB_TOKEN GH_TOKEN; gh auth login -h github.com -s "
              "codespace,read:packages` (add `admin:org` if you own the organization), then "
              "`GH_TOKEN=$(gh auth token) registry-doctor check`")
"""How to give the step a token that can ask everything (the field guide's advice)."""

USER_SETTINGS = "https://github.com/settings/codespaces"


@record(frozen=True)
class Here:
    """What reached this codespace, as far as the GitHub step's verdicts need it."""

    in_codespace: bool
    """Running inside the codespace (else nothing "reached" can be judged)."""
    names: frozenset[str]
    """Upper-case names of the variables GitHub delivered (environment or .env-secrets)."""
    codespace_name: str | None = None


def verdicts(facts: GithubFacts, here: Here, token_source: str = "") -> list[Finding]:
    """Every finding of the GitHub step, in the order a user should act on them."""
    found: list[Finding] = []
    if facts.fatal:
        found.append(unreachable(facts))
    scope = scope_finding(facts, token_source)
    if scope is not None:
        found.append(scope)
    withheld = withheld_reason(facts)
    missing: list[str] = []
    for prefix, secrets in facts.sets().items():
        reached = any(s.name.upper() in here.names for s in secrets)
        if not reached:
            missing.append(set_label(prefix))
        found.extend(set_verdicts(prefix, secrets, reached, facts, here, withheld is not None))
    if withheld is not None:
        found.append(_withheld(withheld, missing, bool(facts.sets()), here, facts.repo))
    repo = facts.repo
    for package in facts.packages:
        if repo is not None and _internal_for_public(package, repo):
            found.append(_internal_public(package, repo))
    return found


def set_label(prefix: str) -> str:
    """`ACR`, or `CONTAINER_REGISTRY_*` for the identifier-less set."""
    return prefix or "CONTAINER_REGISTRY_*"


def set_verdicts(prefix: str, secrets: list[GithubSecret], reached: bool, facts: GithubFacts,
                 here: Here, withheld: bool) -> list[Finding]:
    """The findings of one set's secrets on GitHub (none: present here and granted)."""
    found: list[Finding] = []
    label = set_label(prefix)
    covered = {s.field for s in secrets if s.granted is True}
    refused = [s for s in secrets if s.granted is False and s.field not in covered]
    if refused:
        found.append(_not_granted(label, refused, facts.repository, reached))
    start = facts.codespace.last_used_at if facts.codespace is not None else None
    changed = [s for s in secrets if s.granted is not False and start is not None
               and s.updated_at is not None and s.updated_at > start]
    if changed and here.in_codespace:
        found.append(_changed(label, changed, facts, here, reached))
    unknown = [s for s in secrets if s.granted is None]
    if (here.in_codespace and not reached and not withheld and not refused and not changed
            and not unknown):
        found.append(_only_on_github(label, secrets, start is not None, here))
    return found


def withheld_reason(facts: GithubFacts) -> str | None:
    """Why GitHub gives this codespace no secrets at all, when the facts show it."""
    repo = facts.repo
    if repo is not None and repo.push is False:
        return t("the token's user has no write access to {repository} (GitHub reports "
                 "permissions.push false)", repository=repo.full_name)
    codespace = facts.codespace
    if codespace is not None and codespace.pull_request and (
        codespace.repository_fork or (repo is not None and repo.fork)
    ):
        fork = codespace.repository or (repo.full_name if repo else None)
        if fork is None:
            return _("the codespace was created from a pull request of a fork")
        return t("the codespace was created from a pull request of the fork {fork}", fork=fork)
    return None


def ghcr_case(package: PackageFacts | None, repo: RepoFacts | None,
              repository: str | None) -> tuple[str, str] | None:
    """Which case of GHCR_PACKAGE_ACCESS the facts show, and its fix (None: not known)."""
    if package is None or package.visibility is None:
        return None
    where = t("Package settings: {url}", url=package.settings_url)
    visibility = package.visibility
    linked = package.repository
    named = repository or (repo.full_name if repo else None)
    here = named or _("this repository")
    if visibility == "public":
        return None
    add = t("{where}: under Manage Codespaces access add {repository} with the Read role.",
            where=where, repository=here)
    if repo is not None and repo.public:
        return (t("the package is {visibility} and {repository} is public: {visibility} "
                  "packages do not reach codespaces of public repositories unless the "
                  "repository is added by hand", visibility=visibility,
                  repository=repo.full_name),
                t("{where}: under Manage Codespaces access add {repository} with the Read "
                  "role.", where=where, repository=repo.full_name))
    if linked and named and linked.lower() == named.lower():
        return (t("the package is {visibility} and linked to {repository} itself, yet refuses "
                  "it: it does not inherit the repository's access (Inherit access from "
                  "repository is off, as after publishing with a personal token)",
                  visibility=visibility, repository=here),
                t("{where}: tick Inherit access from repository (or add {repository} with "
                  "Read).", where=where, repository=here))
    if visibility == "internal":
        return (t("the package is internal, which reaches the organization's codespaces only "
                  "when the repository belongs to {owner}; {repository} is not in its access "
                  "list", owner=package.owner, repository=here), add)
    if linked:
        return (t("the package is private (linked to {linked}) and {repository} is not in its "
                  "access list", linked=linked, repository=here), add)
    return (t("the package is private and {repository} is not in its access list",
              repository=here), add)


# --- the token ------------------------------------------------------------------------

def unreachable(facts: GithubFacts) -> Finding:
    """GITHUB_API_UNREACHABLE: silence, a refused token or the rate limit stopped the step."""
    kind = facts.fatal_kind
    skipped = [u.question for u in facts.unasked if u.kind == kind]
    if kind == "unauthorized":
        fix = t("Give a valid token: {hint}.", hint=LOGIN_HINT)
        title = _("GitHub's API refuses the token")
    elif kind == "rate-limited":
        fix = _("Wait until the limit resets (the step needs about ten requests), or use a "
                "token of another account; `gh api rate_limit` shows what is left.")
        title = _("GitHub's API rate limit is used up")
    else:
        fix = _("Check the network and GITHUB_API_URL; on a slow link raise the bound with "
                "`--timeout SECONDS`, or skip the step with `--no-github`.")
        title = None
    detail = t("GitHub's API: {said}.", said=facts.fatal)
    if skipped:
        detail += " " + t("Left unanswered: {questions}.", questions=", ".join(skipped))
    return finding("GITHUB_API_UNREACHABLE", detail, fix, title=title)


def scope_finding(facts: GithubFacts, token_source: str) -> Finding | None:
    """GITHUB_TOKEN_SCOPE for the questions the token may not ask (None: it may ask all)."""
    held = set(facts.scopes or ())
    gaps = [u for u in facts.unasked
            if u.kind == "scope" or (u.kind == "not-visible" and u.scope and (
                facts.scopes is None or u.scope not in held))]
    if not gaps:
        return None
    lines = _("; ").join(_gaps(gaps))
    wanted = ",".join(_fewest(u.scope for u in gaps if u.scope))
    if facts.codespace_token:
        fix = t("Use a token that can: {hint}.", hint=LOGIN_HINT)
    elif token_source == "gh auth token":
        fix = t("Add the scopes to gh's token: `gh auth refresh -h github.com -s {scopes}`, "
                "then run again.", scopes=wanted)
    else:
        fix = t("Give {token} the scopes {scopes} (a classic token: "
                "https://github.com/settings/tokens; fine-grained tokens cannot read packages), "
                "or use gh's: {hint}.", token=token_source or _("the token"), scopes=wanted,
                hint=LOGIN_HINT)
    detail = t("Not asked: {lines}.", lines=lines)
    if facts.codespace_token:
        detail = _("The token is the codespace's own GITHUB_TOKEN, scoped to its "
                   "repository.") + " " + detail
    return finding("GITHUB_TOKEN_SCOPE", detail, fix)


def _gaps(gaps: list[Unasked]) -> list[str]:
    """`q1, q2: why` for the questions that share a reason, in the order asked."""
    grouped: dict[str, list[str]] = {}
    for item in gaps:
        question = (t("{question} (organization owners only)", question=item.question)
                    if item.scope == "admin:org" else item.question)
        grouped.setdefault(item.reason, []).append(question)
    return [t("{questions}: {reason}", questions=", ".join(questions), reason=reason)
            for reason, questions in grouped.items()]


def _fewest(scopes: Iterable[str]) -> list[str]:
    """The scopes to ask for, without those another of them implies (`codespace` covers
    `codespace:secrets`), sorted."""
    from tui.github.questions import held

    wanted = sorted(set(scopes))
    return [s for s in wanted if not any(s in held([o]) for o in wanted if o != s)]


def _level(secret: GithubSecret) -> str:
    if secret.level == "organization":
        return t("{owner} organization", owner=secret.owner)
    return {"user": _("user"), "repository": _("repository")}.get(secret.level, secret.level)


def _misspelled(secret: GithubSecret) -> str:
    if not secret.intended:
        return ""
    return " " + t("Its name is off the pattern: even granted it arrives as {name}, not "
                   "{intended}.", name=secret.name, intended=secret.intended)


def _grouped(secrets: list[GithubSecret], say: Callable[[GithubSecret], str]) -> str:
    """`A, B (what they share); C (its own)`: secrets that share a description, together."""
    grouped: dict[str, list[str]] = {}
    for item in secrets:
        grouped.setdefault(say(item), []).append(item.name)
    return _("; ").join(t("{names} ({about})", names=", ".join(names), about=about)
                        for about, names in grouped.items())


def _not_granted(label: str, refused: list[GithubSecret], repository: str,
                 reached: bool) -> Finding:
    parts = _grouped(refused, lambda s: t("{level}, {note}", level=_level(s), note=s.grant_note))
    fixes: list[str] = []
    users = [s for s in refused if s.level == "user"]
    if users:
        commands = ", ".join(f"`gh secret set {s.intended or s.name} --user --repos "
                             f"{repository}`" for s in users)
        fixes.append(t(
            "on {page} open {names} and add {repository} under Repository access; or "
            "{commands} (each reads the value from standard input; `--repos` sets the whole "
            "list, so name every repository that should keep it)", page=USER_SETTINGS,
            names=", ".join(s.name for s in users), repository=repository, commands=commands))
    for org in dict.fromkeys(s.owner for s in refused if s.level == "organization"):
        mine = [s for s in refused if s.level == "organization" and s.owner == org]
        page = f"https://github.com/organizations/{org}/settings/secrets/codespaces"
        commands = ", ".join(f"`gh secret set {s.intended or s.name} --org {org} --app "
                             f"codespaces --visibility selected --repos {repository}`"
                             for s in mine)
        fixes.append(t(
            "an owner of {org}: on {page} open {names} and give {repository} access (visibility "
            "`selected` with it, or `all`); or {commands} (value from standard input)", org=org,
            page=page, names=", ".join(s.name for s in mine), repository=repository,
            commands=commands))
    count = len(refused)
    fields = {"label": label, "parts": parts, "repository": repository}
    elsewhere = (_("The set reached this codespace all the same (another level supplies it).")
                 if reached else ngettext("So it never reaches this codespace.",
                                          "So they never reach this codespace.", count))
    detail = (ngettext("Set {label}: {parts} exists on GitHub but is not granted to "
                       "{repository}.", "Set {label}: {parts} exist on GitHub but are not "
                       "granted to {repository}.", count).format(**fields)
              + " " + elsewhere + "".join(_misspelled(s) for s in refused))
    fix = t("Grant it: {ways}. Then stop and start the codespace.", ways=_("; ").join(fixes))
    actor = "you" if users else "organization-owner"
    return finding("SECRET_NOT_GRANTED", detail, fix, secret_set=label,
                   severity=Severity.WARNING if reached else None, actor=actor)


def _changed(label: str, changed: list[GithubSecret], facts: GithubFacts, here: Here,
             reached: bool) -> Finding:
    assert facts.codespace is not None and facts.codespace.last_used_at is not None
    start = _when(facts.codespace.last_used_at)
    parts = _grouped(changed, lambda s: t("{level}, changed {when}", level=_level(s),
                                          when=_when(s.updated_at)))
    fields = {"label": label, "parts": parts, "start": start}
    detail = (t("Set {label}: {parts} changed on GitHub after this codespace last started "
                "({start}); the codespace still holds the earlier values. Secrets reach a "
                "codespace when it starts.", **fields) if reached else
              t("Set {label}: {parts} changed on GitHub after this codespace last started "
                "({start}); the set did not reach this codespace. Secrets reach a codespace "
                "when it starts.", **fields))
    name = here.codespace_name or facts.codespace.name
    return finding(
        "SECRET_CHANGED_AFTER_START",
        detail,
        t("Stop and start the codespace: `gh codespace stop -c {name}`, then open it again.",
          name=name),
        secret_set=label, severity=Severity.WARNING if reached else Severity.ERROR,
    )


def _only_on_github(label: str, secrets: list[GithubSecret], start_known: bool,
                    here: Here) -> Finding:
    parts = _grouped(secrets, lambda s: t("{level}, {note}", level=_level(s), note=s.grant_note))
    restart = ("" if start_known else " " + _("Whether one changed after the codespace started "
                                              "could not be asked."))
    stop = (f"`gh codespace stop -c {here.codespace_name}`" if here.codespace_name
            else _("stop and start the codespace"))
    return finding(
        "SECRET_ONLY_ON_GITHUB",
        t("Set {label} exists on GitHub and is granted here: {parts}. Yet none of its variables "
          "reached this codespace.", label=label, parts=parts) + restart
        + "".join(_misspelled(s) for s in secrets),
        t("Stop and start the codespace ({stop}, then open it again); if the variables are "
          "still missing, check the names with `gh secret list --user` and "
          "`gh secret list --app codespaces`, and whether Codespaces has secrets enabled for "
          "this repository.", stop=stop),
        secret_set=label,
    )


def _withheld(reason: str, missing: list[str], sets_known: bool, here: Here,
              repo: RepoFacts | None = None) -> Finding:
    if missing and here.in_codespace:
        severity = Severity.ERROR
        effect = " " + t("The sets {sets} did not reach this codespace.",
                         sets=", ".join(missing))
    elif sets_known and here.in_codespace:
        severity = Severity.INFO
        effect = " " + _("The sets reached this codespace all the same.")
    else:
        severity, effect = Severity.WARNING, ""
    rights = ""
    if repo is not None and repo.admin is False:
        rights = " " + t("You are not an admin of {repository}: an admin of it must give you "
                         "write access (Settings → Collaborators and teams).",
                         repository=repo.full_name)
    return finding("SECRETS_WITHHELD", t("GitHub gives no secrets to this codespace: {reason}.",
                                         reason=reason) + effect + rights, severity=severity)


# --- packages -------------------------------------------------------------------------

def _internal_for_public(package: PackageFacts, repo: RepoFacts) -> bool:
    return repo.public and package.visibility in ("internal", "private")


def _internal_public(package: PackageFacts, repo: RepoFacts) -> Finding:
    fields = {"image": package.image, "package": f"{package.owner}/{package.name}",
              "visibility": package.visibility, "linked": package.repository,
              "repository": repo.full_name}
    detail = (t("{image}: the package {package} is {visibility}, linked to {linked}, and "
                "{repository} is public. Unless the repository was added by hand under Manage "
                "Codespaces access (the API does not show that list; the Pull step tests it), "
                "its codespaces cannot pull it.", **fields) if package.repository else
              t("{image}: the package {package} is {visibility}, and {repository} is public. "
                "Unless the repository was added by hand under Manage Codespaces access (the API "
                "does not show that list; the Pull step tests it), its codespaces cannot pull "
                "it.", **fields))
    return finding(
        "GHCR_INTERNAL_PUBLIC_REPO",
        detail,
        t("{url}: under Manage Codespaces access add {repository} with the Read role (or make "
          "the package public).", url=package.settings_url, repository=repo.full_name),
        image=package.image,
    )


def _when(moment: object) -> str:
    from datetime import datetime

    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return _("at an unknown time")
