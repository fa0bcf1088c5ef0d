"""Probe failures as findings: concrete fixes for login and pull (server, repository, secret
names, `gh` commands), kept out of the probe so the probe needs nothing of the checks.

Never a secret value: only names, hosts, repositories and commands that read values from stdin.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.catalogue import finding
from tui.checks.fixes import Where, create_set, set_secrets
from tui.checks.imageref import HUB_ALIASES
from tui.checks.probe.errors import ProbeFailure
from tui.model import Finding, ImageRef


@dataclass(frozen=True)
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
    return "the image reference"


def _gh_set(subject: Subject, *names: str, what: str = "the value") -> str:
    """How to set the named variables of the subject's set (the shared fix wording)."""
    where = subject.where or Where(repository=subject.repo)
    variables = [f"{subject.prefix}_CONTAINER_REGISTRY_{name}" for name in names]
    return set_secrets(variables, where, what=what, source=subject.source)


def _where(subject: Subject) -> str:
    if subject.image is not None:
        return f"the image `{subject.image.ref}` in {subject.image.source}"
    return _server_var(subject)


def fix_for(failure: ProbeFailure, subject: Subject) -> str:
    """The fix text for `failure` about `subject`."""
    host = subject.host
    code = failure.code
    if failure.fix:
        return failure.fix
    if code == "DNS_FAILED":
        return (f"Check the host `{host}` in {_where(subject)} for typos; codespaces resolve "
                "public DNS only, so a name known only inside a private network fails.")
    if code == "DNS_PRIVATE_ADDRESS":
        return (f"Codespaces cannot reach private networks: expose `{host}` on a public address "
                "(with an IP allow list) or move the image to a public registry.")
    if code == "CONNECT_REFUSED":
        return (f"Check the port in {_where(subject)} (`{host}`; HTTPS registries use 443) and "
                "that the registry runs there.")
    if code == "CONNECT_TIMEOUT":
        return (f"A firewall drops connections to `{host}`: allow the codespace's outbound "
                "addresses (listed by `gh api meta`) in the registry's firewall.")
    if code == "TLS_UNTRUSTED":
        return (f"Give `{host}` a certificate from a public authority: Codespaces trusts public "
                "roots only, so a private or self-signed certificate cannot work.")
    if code == "TLS_EXPIRED":
        return f"Renew the TLS certificate of `{host}`."
    if code == "TLS_HOSTNAME_MISMATCH":
        return (f"Name the registry by a host its certificate lists (see the names above) in "
                f"{_where(subject)}, or reissue the certificate to include `{host}`.")
    if code == "TLS_NOT_TLS":
        return (f"Serve `{host}` over HTTPS (Codespaces pulls over HTTPS only), or fix the port "
                f"in {_where(subject)}.")
    if code == "NOT_A_REGISTRY":
        if subject.prefix:
            return _gh_set(subject, "SERVER", what="the registry's API host (the host in "
                           "`docker pull HOST/NAME:TAG`), not a web page")
        return f"Fix the registry host `{host}` in {_where(subject)}."
    if code == "REGISTRY_FORBIDDEN":
        return (f"`{host}` refuses this address before any login: allow the codespace's "
                "addresses (`gh api meta`) in the registry's network rules (ACR: Networking → "
                "Public network access → selected networks).")
    if code == "LOGIN_UNAUTHORIZED":
        if subject.prefix:
            who = f" (now `{subject.user}`)" if subject.user else ""
            return _gh_set(subject, "USER", "PASSWORD",
                           what=f"a valid user of `{host}`{who} and its current password or "
                           "access token")
        return f"The credentials used for `{host}` are rejected; set them again."
    if code == "TOKEN_SERVICE_FAILED":
        return (f"The token service of `{host}` fails: retry later and check the registry's "
                "status page; if the registry is yours, fix its token service (the realm above).")
    if code == "RATE_LIMITED":
        hub = host.lower() in HUB_ALIASES
        login = (" Log in to raise the limit: add DOCKERHUB_CONTAINER_REGISTRY_SERVER="
                 "`https://index.docker.io/v1/` with _USER and _PASSWORD (an access token)."
                 if hub and not subject.prefix else "")
        if hub and subject.unused:
            login = f" Log in to raise the limit: {_unused(subject)}"
        return (f"`{host}` limits requests from this address: wait for the time shown "
                f"(Retry-After) and try again.{login}")
    if code == "REGISTRY_ERROR":
        return f"`{host}` fails on its side: retry later and check its status page."
    if code == "REGISTRY_SLOW":
        return (f"`{host}` did not answer within {subject.timeout:g} s: retry later, or run "
                "`registry-doctor check --timeout 30` to see whether it answers at all.")
    return _pull_fix(failure, subject)


def _pull_fix(failure: ProbeFailure, subject: Subject) -> str:
    image = subject.image
    host = subject.host
    ref = image.ref if image else host
    repository = image.repository if image else "?"
    code = failure.code
    if code == "PULL_DENIED":
        if subject.prefix:
            return (f"Give the user `{subject.user}` pull (read) rights on the repository "
                    f"`{repository}` in `{host}` (ACR: the AcrPull role; Docker Hub: a "
                    "collaborator or team with Read; ECR: a repository policy allowing "
                    "ecr:BatchGetImage), or set the secrets to a user that has them.")
        if subject.unused:
            return (f"The pull of `{repository}` went out anonymously and was refused. "
                    + _unused(subject))
        from tui.checks.servers import DOCKERHUB_SERVER, PREFIX_BY_KIND, registry_kind

        kind = registry_kind(host.lower())
        server = DOCKERHUB_SERVER if kind == "dockerhub" else host
        where = subject.where or Where(repository=subject.repo)
        return (f"No secret set names `{server}`, and anonymous pulls of `{repository}` are "
                "refused. " + create_set(PREFIX_BY_KIND.get(kind, "REGISTRY"), server, where))
    if code == "IMAGE_NOT_FOUND":
        place = f" in {image.source}" if image else ""
        return (f"Fix the reference `{ref}`{place} (check repository and tag), or push the "
                f"image: `docker push {ref}`.")
    if code == "PLATFORM_MISSING":
        return (f"Build and push `{ref}` for linux/amd64: `docker buildx build --platform "
                f"linux/amd64,linux/arm64 -t {ref} --push .`")
    if code == "BLOB_UNREACHABLE":
        return (f"The registry `{host}` hands out layers from a storage host that cannot be "
                "reached (see above): allow that host in the firewall or proxy as well.")
    return ""


def _unused(subject: Subject) -> str:
    """Point at the sets that name the registry but were not used, and say why."""
    listed = "; ".join(f"set `{prefix}` {why}" for prefix, why in subject.unused)
    return (f"A set names this registry but gives no credentials for it: {listed}. Fix that "
            "set as its finding says (not a new set), then stop and start the codespace.")


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
