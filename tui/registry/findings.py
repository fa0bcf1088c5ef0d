"""Probe failures as findings: concrete fixes for login and pull (server, repository, secret
names, `gh` commands), kept out of the probe so the probe needs nothing of the checks.

Never a secret value: only names, hosts, repositories and commands that read values from stdin.
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.fix_texts import fix_text
from tui.i18n import _, t
from tui.model import Finding, ImageRef
from tui.record import record
from tui.registry.probe.errors import ProbeFailure
from tui.secretsets.fixes import Where, create_set, set_secrets
from tui.workspace.imageref import HUB_ALIASES


@record(frozen=True)
class Subject:
    """Who the finding is about: a secret set (prefix) and/or an image, on a host."""

    host: str
    step: str
    prefix: str | None = None
    user: str | None = None
    image: ImageRef | None = None
    repo: str = "OWNER/REPO"
    """The codespace's repository (for `gh secret set --repos`)."""
    timeout: float = 5.0
    where: Where | None = None
    """Where the user's secrets live (repository, codespace, env file), for the fix texts."""
    source: str | None = None
    """Where the set's values came from (`env-file` fixes point at the file)."""
    unused: tuple[tuple[str, str], ...] = ()
    """(prefix, why) of sets that name the registry but gave this probe no credentials
    (incomplete, or almost the host): fixes point at them, never say no set names it."""


def _server_var(subject: Subject) -> str:
    if subject.prefix:
        return f"{subject.prefix}_CONTAINER_REGISTRY_SERVER"
    return _("the image reference")


def _gh_set(subject: Subject, *names: str, what: str = "the value") -> str:
    """How to set the named variables of the subject's set (the shared fix wording)."""
    where = subject.where or Where(repository=subject.repo)
    variables = [f"{subject.prefix}_CONTAINER_REGISTRY_{name}" for name in names]
    return set_secrets(variables, where, what=what, source=subject.source)


def _where(subject: Subject) -> str:
    if subject.image is not None:
        return t("the image `{ref}` in {source}", ref=subject.image.ref,
                 source=subject.image.source)
    return _server_var(subject)


def fix_for(failure: ProbeFailure, subject: Subject) -> str:
    """The fix text for `failure` about `subject`."""
    host = subject.host
    code = failure.code
    if failure.fix:
        return failure.fix
    if code == "NOT_A_REGISTRY" and subject.prefix:
        return _gh_set(subject, "SERVER", what=fix_text(code, "what"))
    if code == "LOGIN_UNAUTHORIZED" and subject.prefix:
        who = t(" (now `{user}`)", user=subject.user) if subject.user else ""
        return _gh_set(subject, "USER", "PASSWORD", what=fix_text(code, "what", host=host, who=who))
    if code == "RATE_LIMITED":
        hub = host.lower() in HUB_ALIASES
        login = fix_text(code, "hub-login") if hub and not subject.prefix else ""
        if hub and subject.unused:
            login = fix_text(code, "unused-login", unused=_unused(subject))
        return fix_text(code, host=host, login=login)
    if code in CONNECTION_FIXES:
        return fix_text(code, host=host, where=_where(subject), timeout=subject.timeout)
    return _pull_fix(failure, subject)


CONNECTION_FIXES = frozenset({
    "DNS_FAILED", "DNS_PRIVATE_ADDRESS", "CONNECT_REFUSED", "CONNECT_TIMEOUT", "TLS_UNTRUSTED",
    "TLS_EXPIRED", "TLS_HOSTNAME_MISMATCH", "TLS_NOT_TLS", "NOT_A_REGISTRY",
    "REGISTRY_FORBIDDEN", "LOGIN_UNAUTHORIZED", "TOKEN_SERVICE_FAILED", "REGISTRY_ERROR",
    "REGISTRY_SLOW",
})
"""Codes whose fix is one template filled with the host, where it was named, the bound."""


def _pull_fix(failure: ProbeFailure, subject: Subject) -> str:
    image = subject.image
    host = subject.host
    ref = image.ref if image else host
    repository = image.repository if image else "?"
    code = failure.code
    if code == "PULL_DENIED":
        if subject.prefix:
            return fix_text(code, "set", user=subject.user, repository=repository, host=host)
        if subject.unused:
            return fix_text(code, "unused", repository=repository, unused=_unused(subject))
        from tui.secretsets.servers import DOCKERHUB_SERVER, PREFIX_BY_KIND, registry_kind

        kind = registry_kind(host.lower())
        server = DOCKERHUB_SERVER if kind == "dockerhub" else host
        where = subject.where or Where(repository=subject.repo)
        create = create_set(PREFIX_BY_KIND.get(kind, "REGISTRY"), server, where)
        return fix_text(code, "no-set", server=server, repository=repository, create=create)
    if code in ("IMAGE_NOT_FOUND", "PLATFORM_MISSING", "BLOB_UNREACHABLE"):
        place = t(" in {source}", source=image.source) if image else ""
        return fix_text(code, ref=ref, place=place, host=host)
    return ""


def _unused(subject: Subject) -> str:
    """Point at the sets that name the registry but were not used, and say why."""
    listed = _("; ").join(t("set `{prefix}` {why}", prefix=prefix, why=why)
                          for prefix, why in subject.unused)
    return fix_text("PULL_DENIED", "unused-sets", listed=listed)


def finding_from(failure: ProbeFailure, subject: Subject) -> Finding:
    """The Finding for a probe failure (or warning) about `subject`."""
    return finding(
        failure.code,
        detail=failure.detail,
        fix=fix_for(failure, subject) or None,
        secret_set=subject.prefix,
        image=subject.image.ref if subject.image else None,
        stage=failure.stage,
        step=subject.step,
    )
