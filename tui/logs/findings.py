"""Turn the creation log's evidence into findings, joined with what else the context knows.

The log says *that* the pull failed and in what words; the images, the repository and the
recovery markers say *which* case of the guide applies. The fixes here defer to the more
specific findings of later steps and never name a configured value as the target.
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.fix_texts import fix_text
from tui.i18n import N_, _, ngettext, t
from tui.logs.remedies import Evidence, Remedy, image_of, reference_remedy, remedy
from tui.model import Context, Finding, ImageRef, Severity
from tui.record import replace
from tui.registry.coverage import docker_server
from tui.secretsets.servers import DOCKERHUB_SERVER, canonical_host
from tui.workspace.imageref import DOCKER_HUB, ghcr_settings_urls, is_well_known_public

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.logs.reader import LogDiagnosis, LogReading


def log_findings(reading: LogReading | None, context: Context, offline: bool,
                 explained: bool = False,
                 credential_hosts: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings of the creation log (empty when it shows no failure).

    `explained`: another finding of the context step already names a cause (an invalid
    devcontainer.json or image reference), so an unknown log failure is only a warning.
    `credential_hosts`: the registry hosts a secret set names (credentials were sent there).
    """
    if reading is None:
        return []
    ref_problem = reference_remedy(reading.attempt, _rebuild(context))
    if ref_problem is not None:
        line = next((x for x in reading.attempt if "reference" in x.lower()
                     or "parse" in x.lower()), reading.attempt[-1] if reading.attempt else "")
        from tui.logs.reader import quote

        return [_carry(finding(
            "IMAGE_REF_INVALID",
            t("The creation log shows docker could not parse the image reference: “{line}”",
              line=quote(line.strip(), None, lambda x: x)),
            ref_problem.fix), ref_problem)]
    if not reading.failed:
        return []
    verdict = reading.verdict
    if verdict is None:
        return [_unclassified(reading, context, explained)]
    evidence = _evidence(verdict, reading, context, credential_hosts)
    if verdict.signature == "ghcr-scope" and not evidence.credentials:
        # a note on a token's scopes only where a token of the user's was sent
        verdict = replace(verdict, signature="denied", hint=NO_TOKEN_DENIED)
        evidence = replace(evidence, verdict=verdict)
    cure = remedy(evidence)
    if verdict.klass == "platform" and cure is None:
        return [finding(
            "CODESPACES_PLATFORM_FAULT",
            t("The creation log shows a failure of Codespaces itself, not of registry access "
              "({hint}): “{line}”", hint=_(verdict.hint), line=verdict.line),
            _platform_fix(context),
        )]
    if verdict.klass == "feature" or (cure is not None and cure.code == "FEATURE_UNREACHABLE"):
        return [_carry(_feature(verdict, context), cure)]
    log_error = _log_error(verdict, context)
    if cure is not None and cure.code == "GHCR_PACKAGE_ACCESS":  # name both, then the guide
        found = [_carry(log_error, replace(cure, fix=f"{cure.fix} {log_error.fix}"))]
    else:
        found = [_carry(log_error, cure)]
    ghcr = _ghcr_image(verdict, context)
    if ghcr is None and evidence.image is not None and evidence.image.host.lower() == "ghcr.io":
        ghcr = evidence.image  # the line names a GHCR package the configuration does not
    if offline and ghcr is not None and verdict.klass in ("denied", "auth") and (
            cure is None or cure.code == "GHCR_PACKAGE_ACCESS"):
        access = _ghcr_access(verdict, ghcr, context)
        if cure is not None:
            cure = replace(cure, fix=f"{cure.fix} {access.fix}")
        found.append(_carry(access, cure))
    return found


NO_TOKEN_DENIED = N_("GHCR refused the package, and no token of yours was sent: it is private "
                     "to this codespace, or it does not exist under that name")


def _carry(item: Finding, cure: Remedy | None) -> Finding:
    """The finding with the remedy's fix, actor and the generic codes it makes moot."""
    if cure is None:
        return item
    return replace(item, fix=cure.fix, actor=cure.actor, explains=cure.explains)


def _evidence(verdict: LogDiagnosis, reading: LogReading, context: Context,
              credential_hosts: frozenset[str]) -> Evidence:
    """What the remedy rules read about the image the deciding line is about."""
    configured = [i for i in context.images if i.role != "feature"]
    named = _named_host(verdict.reference, configured)
    about = next((i for i in configured if named and i.host.lower() == named), None)
    if about is None and configured:
        about = configured[0]
    image = image_of(verdict, reading.attempt, about)
    host = image.host.lower() if image is not None else ""
    features = tuple(i.ref for i in context.images if i.role == "feature")
    return Evidence(
        verdict=verdict, attempt=reading.attempt, image=image,
        public=image is not None and is_well_known_public(image),
        credentials=bool(host) and canonical_host(host) in credential_hosts,
        codespace_repo=context.repository or "OWNER/REPO", rebuild=_rebuild(context),
        configured_features=features,
    )


def _log_error(log: LogDiagnosis, context: Context) -> Finding:
    detail = t("The creation log shows a failure of class `{klass}` ({hint}): “{line}”",
               klass=log.klass, hint=_(log.hint), line=log.line)
    severity = None
    if context.codespace and not context.recovery:
        # the dev container is up, so the image was pulled after all: an earlier attempt
        severity = Severity.WARNING
        detail += " " + _("This codespace is not in recovery: the line is from an earlier "
                          "attempt.")
    return finding("CREATION_LOG_ERROR", detail, creation_log_fix(log, context),
                   severity=severity)


def _unclassified(reading: LogReading, context: Context, explained: bool) -> Finding:
    lines = reading.failing
    quoted = " / ".join(f"“{line}”" for line in lines)
    severity = Severity.ERROR if context.recovery and not explained else None
    if context.recovery:
        detail = ngettext(
            "This codespace is in recovery mode, so this failure is what broke it. The creation "
            "log shows a failure that no known signature explains. Its failing line: {quoted}",
            "This codespace is in recovery mode, so this failure is what broke it. The creation "
            "log shows a failure that no known signature explains. Its failing lines: {quoted}",
            len(lines))
    else:
        detail = ngettext(
            "The creation log shows a failure that no known signature explains. Its failing "
            "line: {quoted}",
            "The creation log shows a failure that no known signature explains. Its failing "
            "lines: {quoted}", len(lines))
    return finding("CREATION_LOG_UNCLASSIFIED", detail.format(quoted=quoted), severity=severity)


def _feature(log: LogDiagnosis, context: Context) -> Finding:
    features = [i for i in context.images if i.role == "feature"]
    named = log.reference or (features[0].ref if len(features) == 1 else None)
    cause = _feature_cause(log.line)
    host = (named or "").split("/", 1)[0].lower()
    fix = fix_text("FEATURE_UNREACHABLE", "ghcr" if host == "ghcr.io" else "",
                   codespace_repo=context.repository or "OWNER/REPO")
    detail = (t("The dev containers CLI could not fetch `{feature}` ({cause}): “{line}”",
                feature=named, cause=cause, line=log.line) if named else
              t("The dev containers CLI could not fetch a Feature of devcontainer.json ({cause}): "
                "“{line}”", cause=cause, line=log.line))
    return finding("FEATURE_UNREACHABLE", detail, fix)


def _feature_cause(line: str) -> str:
    lowered = line.lower()
    if "denied" in lowered or "403" in lowered or "forbidden" in lowered:
        return _("the registry refused access")
    if "unauthorized" in lowered or "401" in lowered:
        return _("the registry asked for credentials")
    if "not found" in lowered or "unknown" in lowered or "404" in lowered:
        return _("it was not found")
    return _("its registry did not deliver it")


def _ghcr_image(log: LogDiagnosis, context: Context) -> ImageRef | None:
    """The ghcr.io image the failing line is about (or the only ghcr.io image)."""
    ghcr = [i for i in context.images if i.host.lower() == "ghcr.io" and i.role != "feature"]
    if log.reference:
        wanted = log.reference.lower()
        for image in ghcr:
            if image.repository.lower() in wanted:
                return image
        if not wanted.startswith("ghcr.io/"):
            return None
    others = [i for i in context.images
              if i.host.lower() != "ghcr.io" and not is_well_known_public(i)]
    return ghcr[0] if len(ghcr) == 1 and not others else None


def _ghcr_access(log: LogDiagnosis, image: ImageRef, context: Context) -> Finding:
    repo = context.repository
    owner, _sep, package = image.repository.partition("/")
    repo_owner, _sep, repo_name = (repo or "").partition("/")
    org_settings, user_settings = ghcr_settings_urls(image)
    settings = t("{org_settings} (user-owned: {user_settings})", org_settings=org_settings,
                 user_settings=user_settings)
    if repo and repo_owner.lower() == owner.lower() and repo_name.lower() == package.lower():
        variant = "log-same-repository"
        case = _("the package has the repository's name: most likely “Inherit access from "
                 "repository” is off (as after publishing with a personal token)")
    elif repo and repo_owner.lower() == owner.lower():
        variant = "log-same-owner"
        case = t("the package belongs to the same owner but `{repo}` is not in its access list "
                 "— or the repository is public and the image internal or private, which needs "
                 "a by-hand grant", repo=repo)
    elif repo:
        variant = "log-other-owner"
        case = t("the package belongs to `{owner}`, not to `{repo_owner}`: `{repo}` must be in "
                 "its access list (a fork of `{owner}`'s repository is not covered by the "
                 "original's grant), or the package must be public", owner=owner,
                 repo_owner=repo_owner, repo=repo)
    else:
        variant = "log-unknown"
        case = _("the package does not grant this repository read access (inheritance off, "
                 "internal image with a public repository, repository not in its access list, "
                 "or a private package)")
    fix = fix_text("GHCR_PACKAGE_ACCESS", variant, settings=settings,
                   codespace_repo=repo or "OWNER/REPO", owner=owner)
    return finding(
        "GHCR_PACKAGE_ACCESS",
        t("The creation log shows the codespace was refused `ghcr.io/{repository}` (“{line}”). "
          "GHCR needs package access, not secrets; the case: {case}.",
          repository=image.repository, line=log.line, case=case),
        fix,
        step="context", image=image.ref,
    )


def creation_log_fix(log: LogDiagnosis, context: Context) -> str:
    """What to do about a classified log line, deferring to the more specific findings."""
    private = [i for i in context.images if not is_well_known_public(i) and i.role != "feature"]
    named = _named_host(log.reference, private)
    if named is not None:  # the line names its registry: speak of that one only
        private = [i for i in private if i.host.lower() == named]
    secret_hosts = sorted({i.host for i in private if i.host.lower() != "ghcr.io"})
    servers = ", ".join(f"`{docker_server(h)}`" for h in secret_hosts) or _("the image's registry")
    refs = ", ".join(f"`{i.ref}`" for i in context.images[:5]) or _("the image reference")
    return fix_text("CREATION_LOG_ERROR", _variant(log, private),
                    codespace_repo=context.repository or "OWNER/REPO",
                    rebuild=_rebuild(context), servers=servers, refs=refs,
                    hub_server=DOCKERHUB_SERVER)


def _variant(log: LogDiagnosis, private: list[ImageRef]) -> str:
    """Which of CREATION_LOG_ERROR's fix templates fits the line and the images."""
    klass = log.klass
    if klass in ("auth", "denied"):
        if private and all(i.host.lower() == "ghcr.io" for i in private):
            return "ghcr"
        return "ecr" if "ECR" in log.hint else "auth"
    if klass == "not-found" and "amd64" in log.hint:
        return "platform-variant"
    known = ("build", "not-found", "not-an-image", "rate-limit", "tls", "firewall", "blob")
    return klass if klass in known else "network"


def _rebuild(context: Context) -> str:
    name = f" -c {context.codespace_name}" if context.codespace_name else ""
    return f"gh codespace rebuild{name}"


def _named_host(reference: str | None, images: list[ImageRef]) -> str | None:
    """The host (lower case) of the image the failing line names, when it is one of `images`."""
    if not reference:
        return None
    wanted = reference.lower()
    for image in images:
        host = image.host.lower()
        bare = f"{image.repository}:{image.reference}".lower()
        if wanted.startswith(host + "/") or (host == DOCKER_HUB and wanted.endswith(bare)):
            return host
    return None


def _platform_fix(context: Context) -> str:
    return fix_text("CODESPACES_PLATFORM_FAULT", rebuild=_rebuild(context))
