"""Turn the creation log's evidence into findings, joined with what else the context knows.

The log says *that* the pull failed and in what words; the images, the repository and the
recovery markers say *which* case of the guide applies. The fixes here defer to the more
specific findings of later steps and never name a configured value as the target.
"""

from __future__ import annotations

from tui.catalogue import finding
from tui.checks.coverage import docker_server
from tui.checks.imageref import DOCKER_HUB, ghcr_settings_urls, is_well_known_public
from tui.checks.servers import DOCKERHUB_SERVER
from tui.model import Context, Finding, ImageRef, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.checks.creation_log import LogDiagnosis, LogReading

DEFER = ("If another finding names the cause (it is listed before this one), fix that first: "
         "this line is the evidence, not the cause.")


def log_findings(reading: LogReading | None, context: Context, offline: bool,
                 explained: bool = False) -> list[Finding]:
    """The findings of the creation log (empty when it shows no failure).

    `explained`: another finding of the context step already names a cause (an invalid
    devcontainer.json or image reference), so an unknown log failure is only a warning.
    """
    if reading is None or not reading.failed:
        return []
    verdict = reading.verdict
    if verdict is None:
        return [_unclassified(reading, context, explained)]
    if verdict.klass == "platform":
        return [finding(
            "CODESPACES_PLATFORM_FAULT",
            f"The creation log shows a failure of Codespaces itself, not of registry access "
            f"({verdict.hint}): “{verdict.line}”",
            _platform_fix(context),
        )]
    if verdict.klass == "feature":
        return [_feature(verdict, context)]
    found = [_log_error(verdict, context)]
    ghcr = _ghcr_image(verdict, context)
    if offline and ghcr is not None and verdict.klass in ("denied", "auth", "not-found"):
        found.append(_ghcr_access(verdict, ghcr, context))
    return found


def _log_error(log: LogDiagnosis, context: Context) -> Finding:
    detail = (
        f"The creation log shows a failure of class `{log.klass}` ({log.hint}): “{log.line}”"
    )
    severity = None
    if context.codespace and not context.recovery:
        # the dev container is up, so the image was pulled after all: an earlier attempt
        severity = Severity.WARNING
        detail += " This codespace is not in recovery: the line is from an earlier attempt."
    return finding("CREATION_LOG_ERROR", detail, creation_log_fix(log, context),
                   severity=severity)


def _unclassified(reading: LogReading, context: Context, explained: bool) -> Finding:
    lines = reading.failing
    quoted = " / ".join(f"“{line}”" for line in lines)
    severity = Severity.ERROR if context.recovery and not explained else None
    where = "This codespace is in recovery mode, so this failure is what broke it. " \
        if context.recovery else ""
    return finding(
        "CREATION_LOG_UNCLASSIFIED",
        f"{where}The creation log shows a failure that no known signature explains. Its "
        f"failing line{'s' if len(lines) > 1 else ''}: {quoted}",
        severity=severity,
    )


def _feature(log: LogDiagnosis, context: Context) -> Finding:
    features = [i for i in context.images if i.role == "feature"]
    named = log.reference or (features[0].ref if len(features) == 1 else None)
    what = f"`{named}`" if named else "a Feature of devcontainer.json"
    cause = _feature_cause(log.line)
    host = (named or "").split("/", 1)[0].lower()
    if host == "ghcr.io":
        fix = ("In the Feature's package settings on GitHub (Package settings → Manage "
               f"Codespaces access) add `{context.repository or 'OWNER/REPO'}` with the Read "
               "role, or make the package public; check the id and version in "
               "devcontainer.json's `features`. Then rebuild the container.")
    else:
        fix = ("Check the Feature's id and version in devcontainer.json's `features`; if its "
               "registry is private, add a secret set whose SERVER names that host (see the "
               "Names & values step). Then rebuild the container.")
    return finding(
        "FEATURE_UNREACHABLE",
        f"The dev containers CLI could not fetch {what} ({cause}): “{log.line}”",
        fix,
    )


def _feature_cause(line: str) -> str:
    lowered = line.lower()
    if "denied" in lowered or "403" in lowered or "forbidden" in lowered:
        return "the registry refused access"
    if "unauthorized" in lowered or "401" in lowered:
        return "the registry asked for credentials"
    if "not found" in lowered or "unknown" in lowered or "404" in lowered:
        return "it was not found"
    return "its registry did not deliver it"


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
    owner, _, package = image.repository.partition("/")
    repo_owner, _, repo_name = (repo or "").partition("/")
    org_settings, user_settings = ghcr_settings_urls(image)
    settings = f"{org_settings} (user-owned: {user_settings})"
    if repo and repo_owner.lower() == owner.lower() and repo_name.lower() == package.lower():
        case = ("the package has the repository's name: most likely “Inherit access from "
                "repository” is off (as after publishing with a personal token)")
        fix = (f"In {settings}, tick “Inherit access from repository”, or under Manage "
               f"Codespaces access add `{repo}` with the Read role.")
    elif repo and repo_owner.lower() == owner.lower():
        case = (f"the package belongs to the same owner but `{repo}` is not in its access list "
                "— or the repository is public and the image internal or private, which needs "
                "a by-hand grant")
        fix = f"In {settings}, under Manage Codespaces access add `{repo}` with the Read role."
    elif repo:
        case = (f"the package belongs to `{owner}`, not to `{repo_owner}`: `{repo}` must be in "
                f"its access list (a fork of `{owner}`'s repository is not covered by the "
                "original's grant), or the package must be public")
        fix = (f"Ask `{owner}` to add `{repo}` under Manage Codespaces access in {settings} "
               "(Read role), or to make the package public.")
    else:
        case = ("the package does not grant this repository read access (inheritance off, "
                "internal image with a public repository, repository not in its access list, "
                "or a private package)")
        fix = (f"In {settings}, under Manage Codespaces access add this repository with the "
               "Read role (or tick “Inherit access from repository”).")
    return finding(
        "GHCR_PACKAGE_ACCESS",
        f"The creation log shows the codespace was refused `ghcr.io/{image.repository}` "
        f"(“{log.line}”). GHCR needs package access, not secrets; the case: {case}.",
        f"{fix} Then rebuild the container. Run online (without `--offline`) inside the "
        "codespace to confirm with its own token.",
        step="context", image=image.ref,
    )


def creation_log_fix(log: LogDiagnosis, context: Context) -> str:
    """What to do about a classified log line, deferring to the more specific findings."""
    repo = context.repository or "OWNER/REPO"
    name = f" -c {context.codespace_name}" if context.codespace_name else ""
    rebuild = f"then rebuild with `gh codespace rebuild{name}`"
    private = [i for i in context.images if not is_well_known_public(i) and i.role != "feature"]
    named = _named_host(log.reference, private)
    if named is not None:  # the line names its registry: speak of that one only
        private = [i for i in private if i.host.lower() == named]
    secret_hosts = sorted({i.host for i in private if i.host.lower() != "ghcr.io"})
    servers = ", ".join(f"`{docker_server(h)}`" for h in secret_hosts) or "the image's registry"
    klass = log.klass
    if klass == "build":
        return (
            "This is not a registry problem: a command in the Dockerfile failed while the image "
            "was built. Fix the Dockerfile or its package sources (for `NO_PUBKEY` / "
            "`GPG error`, install the repository's signing key before `apt-get update`), "
            f"{rebuild}."
        )
    if klass in ("auth", "denied") and private and all(
        i.host.lower() == "ghcr.io" for i in private
    ):
        return (
            "GHCR needs package access, not secrets: in the package's settings, under "
            f"\"Manage Codespaces access\", add `{repo}` with read access (or tick \"Inherit "
            "access from repository\" for the same repository); the Pull step says which "
            f"case applies. Then {rebuild[5:]}."
        )
    if klass in ("auth", "denied") and "ECR" in log.hint:
        return f"{DEFER} See the ECR step: it names the missing right or the expired token."
    if klass in ("auth", "denied"):
        return (
            f"{DEFER} The secret set for the image's registry must have SERVER {servers} and "
            "working credentials with pull rights (see the Names & values, Login and Pull "
            f"steps; `gh secret list --user`, `gh secret set NAME --user --repos {repo}`). "
            f"After changing a secret, stop and start the codespace, {rebuild}."
        )
    if klass == "not-found":
        refs = ", ".join(f"`{i.ref}`" for i in context.images[:5]) or "the image reference"
        if "amd64" in log.hint:
            return (f"See the Pull step: publish a `linux/amd64` variant of {refs} (e.g. "
                    f"`docker buildx build --platform linux/amd64,linux/arm64 …`), {rebuild}.")
        return (
            f"See the Pull step: check {refs} (repository and tag) and that the credentials "
            f"may see it; correct the reference in the devcontainer configuration, {rebuild}."
        )
    if klass == "not-an-image":
        return ("Name a container image, not a Template or Feature: Features go under "
                "`features` in devcontainer.json, Templates are applied, not pulled; "
                f"{rebuild}.")
    if klass == "rate-limit":
        return (
            "Docker Hub limits anonymous pulls from shared addresses. Add a Docker Hub secret set "
            f"(`DOCKERHUB_CONTAINER_REGISTRY_SERVER` = `{DOCKERHUB_SERVER}`, `..._USER` = "
            "your Docker ID, `..._PASSWORD` = an access token) with "
            f"`gh secret set DOCKERHUB_CONTAINER_REGISTRY_SERVER --user --repos {repo}` (and the "
            "other two), stop and start the codespace; the Login step shows the pulls left."
        )
    if klass == "tls":
        return (
            f"See the Login step: it shows the certificate of {servers}; the registry "
            "needs a certificate from a public CA that matches its name and has not expired."
        )
    if klass == "firewall":
        return (
            f"The registry's network rules refuse the codespace's address. Allow public access "
            f"to {servers} (for ACR: Networking → Public access, or allow the codespace's "
            f"region's addresses), {rebuild}; a private endpoint cannot be reached from a "
            "codespace."
        )
    if klass == "blob":
        return (
            "See the Pull step: it fetches a layer of the image. A layer host behind another "
            "firewall, or a connection cut mid-download, gives this; a retry "
            f"(`gh codespace rebuild{name}`) helps when the cut was transient."
        )
    return (
        f"See the Login step: it checks DNS and TCP for {servers}. A registry on a "
        "private network or behind an IP allow list cannot be reached from a codespace."
    )


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
    name = f" -c {context.codespace_name}" if context.codespace_name else ""
    return (
        "Nothing in the secrets needs to change. Rebuild the container "
        f"(`gh codespace rebuild{name}`); if it fails the same way, delete the codespace and "
        "create a new one (`gh codespace delete`, `gh codespace create`), or create it in "
        "another region (`gh codespace create --location …`)."
    )
