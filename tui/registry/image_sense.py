"""Image references that cannot be what was meant: IMAGE_REF_INVALID, judged offline.

Three shapes: only a registry host (docker reads it as a Docker Hub library image of that
name), an unreplaced `${templateOption:…}` of a dev container Template (docker refuses it),
and a dev container Template or Feature id used as an image (an OCI artifact, not an image).
The last one is a guess from the path; online, the Pull step reads the manifest instead and
says IMAGE_NOT_AN_IMAGE, so the context step leaves it to that step (`Handoff.artifact_refs`).
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.catalogue import finding
from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.model import Finding, ImageRef, Severity
from tui.record import record
from tui.workspace.imageref import TEMPLATE_OPTION

_DOMAIN = LazyPattern(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")
_COLLECTIONS = {"features": "Feature", "templates": "Template"}


@record(frozen=True)
class ArtifactGuess:
    """A reference whose path says dev container Feature or Template."""

    what: str
    """"Feature" | "Template" | "Feature collection" | "Template collection"."""
    certain: bool
    """True for ghcr.io's `…/features/<id>` and `…/templates/<id>` (where collections live)."""


# --- the three shapes -------------------------------------------------------------------------


def registry_host_only(image: ImageRef, set_hosts: Iterable[str] = ()) -> str | None:
    """The registry host[:port] a one-segment reference really is (None when it is not one).

    Docker reads `myco.azurecr.io` as `docker.io/library/myco.azurecr.io:latest` and
    `registry.example.com:5000` as that library image with tag `5000`.
    """
    name = image.ref.split("@", 1)[0]
    if "/" in name:
        return None
    bare, _, tag = name.partition(":")
    lower = bare.lower()
    port = f":{tag}" if tag.isdigit() else ""
    hosts = {h.lower() for h in set_hosts}
    if f"{lower}{port}" in hosts or lower in hosts:
        return f"{bare}{port}"
    if lower == "localhost" or _DOMAIN.fullmatch(lower):
        return f"{bare}{port}"
    return None


def artifact_guess(image: ImageRef) -> ArtifactGuess | None:
    """Whether the path names a Feature or Template (`<namespace>/features/<id>`, a
    `…-features` collection, or the collection itself); Feature references are not asked."""
    if image.role == "feature":
        return None
    parts = image.repository.lower().split("/")
    if len(parts) < 2:
        return None
    ghcr = image.host.lower() == "ghcr.io"
    for collection, what in _COLLECTIONS.items():
        if len(parts) >= 3 and parts[-2] == collection:
            return ArtifactGuess(what, certain=ghcr)
        if len(parts) >= 3 and parts[-2].endswith(f"-{collection}"):
            return ArtifactGuess(what, certain=False)
        if parts[-1] == collection:
            return ArtifactGuess(f"{what} collection", certain=False)
    return None


# --- findings ---------------------------------------------------------------------------------


def _kind(what: str) -> str:
    """Feature, Template or a collection of them, in the current language."""
    return {
        "Feature": _("Feature"), "Template": _("Template"),
        "Feature collection": _("Feature collection"),
        "Template collection": _("Template collection"),
    }.get(what, what)


def _docker_reading(image: ImageRef) -> str:
    return f"docker.io/{image.repository}:{image.reference}"


def host_only_finding(image: ImageRef, host: str, named_by: str | None) -> Finding:
    """IMAGE_REF_INVALID for a reference that is only a registry host."""
    written_tag = ":" in image.ref.split("@", 1)[0] and not host.endswith(f":{image.reference}")
    tag = image.reference if written_tag else "TAG"
    server = (" " + t("`{named_by}` names `{host}` as the registry: the image is a repository "
                      "in it.", named_by=named_by, host=host) if named_by else "")
    from tui.secretsets.servers import registry_kind

    known = (named_by is not None or ":" in host or host.lower() == "localhost"
             or registry_kind(host.lower()) != "generic")
    fields = {"ref": image.ref, "source": image.source, "hub": _docker_reading(image)}
    detail = (t("`{ref}` (from {source}) is only a registry host, not an image. Docker reads it "
                "as the Docker Hub image `{hub}` (an official `library/` image of that name, "
                "which does not exist), so the pull fails with `pull access denied` or "
                "`repository does not exist`.", **fields) if known else
              t("`{ref}` (from {source}) looks like only a registry host, not an image. Docker "
                "reads it as the Docker Hub image `{hub}` (an official `library/` image of that "
                "name, which does not exist), so the pull fails with `pull access denied` or "
                "`repository does not exist`.", **fields))
    return finding(
        "IMAGE_REF_INVALID",
        detail=detail + server,
        fix=t("Name the whole image, `{host}/REPOSITORY:{tag}` (for example "
              "`{host}/team/app:1.0`), in {source}, then rebuild the container.", host=host,
              tag=tag, source=image.source),
        image=image.ref,
    )


def artifact_finding(image: ImageRef, guess: ArtifactGuess, registry_said: str = "",
                     step: str | None = None) -> Finding:
    """IMAGE_REF_INVALID for a Template or Feature id used as an image (a guess when not
    certain: then a warning)."""
    from tui.registry.probe.artifacts import artifact_fix  # only for such a reference

    said = f" {registry_said}" if registry_said else ""
    fields = {"ref": image.ref, "source": image.source, "kind": _kind(guess.what)}
    detail = (t("`{ref}` (from {source}) is a dev container {kind} id, used as an image: a "
                "Template or Feature is an OCI artifact (a tarball of files), not an image, so "
                "docker has nothing to run and the codespace falls back to a recovery container.",
                **fields) if guess.certain else
              t("`{ref}` (from {source}) looks like a dev container {kind} id, used as an image: "
                "a Template or Feature is an OCI artifact (a tarball of files), not an image, so "
                "docker has nothing to run and the codespace falls back to a recovery container.",
                **fields))
    return finding(
        "IMAGE_REF_INVALID",
        detail=detail + said,
        fix=artifact_fix(image, guess.what),
        severity=None if guess.certain else Severity.WARNING,
        image=image.ref,
        step=step,
    )


def template_option_finding(original: Finding) -> Finding:
    """IMAGE_REF_INVALID in place of the parse error of a reference with `${templateOption:…}`."""
    match = TEMPLATE_OPTION.search(original.detail)
    option = match.group(1) if match else "…"
    return finding(
        "IMAGE_REF_INVALID",
        detail=t("{detail}. Docker refuses such a reference (`invalid reference format`): the "
                 "Template's files were copied, not applied.",
                 detail=original.detail.rstrip(".")),
        fix=t("Replace `{placeholder}` with the option's value (the Template's "
              "`devcontainer-template.json` lists its options and their defaults), or create "
              "the configuration with `devcontainer templates apply` or the editor's Add Dev "
              "Container Configuration, which fill the options in; then rebuild the container.",
              placeholder=f"${{templateOption:{option}}}"),
        image=original.image,
    )


# --- the context step's hook ------------------------------------------------------------------


def set_server_hosts(variables) -> dict[str, str]:
    """host[:port] (lower case) -> the SERVER variable naming it, from the loaded variables."""
    from tui.secretsets.patterns import parse_canonical
    from tui.secretsets.servers import parse_server
    from tui.secretsets.values import clean

    hosts: dict[str, str] = {}
    for variable in variables:
        parsed = parse_canonical(variable.name)
        if parsed is None or parsed.field != "SERVER" or not clean(variable.text):
            continue
        server = parse_server(clean(variable.text))
        if server.valid:
            hosts.setdefault(server.host_lower, variable.name)
            hosts.setdefault(server.host_lower.rsplit(":", 1)[0], variable.name)
    return hosts


def judge_images(diagnosis, context, findings: list[Finding]) -> list[Finding]:
    """Turn parse errors of `${templateOption:…}` references into IMAGE_REF_INVALID, and judge
    every image of `context.images` (the context being filled): host-only references become
    IMAGE_REF_INVALID and leave the image list (nothing downstream should judge the Docker Hub
    image docker would make of them); Template/Feature ids too, offline — online they stay for
    the Pull step, which reads their manifest. Returns the findings with the new ones added."""
    out = [template_option_finding(f)
           if f.code == "DEVCONTAINER_INVALID" and "${templateOption:" in f.detail else f
           for f in findings]
    single = any("/" not in i.ref.split("@", 1)[0] for i in context.images)
    hosts = set_server_hosts(diagnosis.variables) if single else {}
    kept: list[ImageRef] = []
    not_images: set[str] = set()
    suspects: dict[str, ArtifactGuess] = {}
    for image in context.images:
        host = registry_host_only(image, hosts)
        if host is not None:
            named_by = hosts.get(host.lower()) or hosts.get(host.lower().rsplit(":", 1)[0])
            out.append(host_only_finding(image, host, named_by))
            not_images.add(image.ref)
            continue
        kept.append(image)
        guess = artifact_guess(image)
        if guess is None:
            continue
        not_images.add(image.ref)
        if diagnosis.options.offline:
            out.append(artifact_finding(image, guess))
        else:
            suspects[image.ref] = guess
    context.images = kept
    diagnosis.handoff.not_images = not_images
    diagnosis.handoff.artifact_refs = suspects
    return out


def judged_not_images(diagnosis) -> set[str]:
    """The refs the context step judged not to be images (empty when it has not run)."""
    return set(diagnosis.handoff.not_images)
