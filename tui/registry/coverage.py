"""Does a secret set cover each image's registry? Exact, near misses, and public registries."""

from __future__ import annotations

from collections.abc import Iterable

from tui.aws.formats import parse_ecr_host
from tui.catalogue import finding
from tui.i18n import _, ngettext, t
from tui.model import Finding, ImageRef, SecretSet
from tui.secretsets import fixes
from tui.secretsets.patterns import edit_distance
from tui.secretsets.servers import (
    DOCKERHUB_HOST,
    DOCKERHUB_SERVER,
    GHCR_HOST,
    PREFIX_BY_KIND,
    host_without_port,
    parse_server,
    registry_kind,
)
from tui.secretsets.values import clean
from tui.workspace.imageref import is_well_known_public


def is_ghcr(image: ImageRef) -> bool:
    """GHCR images are covered by package access, not by secrets."""
    return image.host.lower() == GHCR_HOST


def is_registry_reference(image: ImageRef) -> bool:
    """False for what is no registry reference: a Feature given as a local folder
    (`./features/x`) or a tarball URL (`https://…/devcontainer-feature-x.tgz`)."""
    ref = image.ref.strip()
    return not (ref.startswith((".", "/")) or "://" in ref)


def images_needing_secrets(images: Iterable[ImageRef],
                           skip: Iterable[str] = ()) -> list[ImageRef]:
    """Images and Features outside GHCR that are not well-known public (offline judgement),
    once per reference; `skip` holds refs judged not to be images (IMAGE_REF_INVALID)."""
    skipped = set(skip)
    found: dict[str, ImageRef] = {}
    for image in images:
        if image.ref in skipped or image.ref in found or not is_registry_reference(image):
            continue
        if not is_ghcr(image) and not is_well_known_public(image):
            found[image.ref] = image
    return list(found.values())


def named(image: ImageRef, start: bool = False) -> str:
    """`ref` (from source), saying "the Feature" for a Feature reference (`start`: the
    sentence begins with it)."""
    if image.role != "feature":
        return t("`{ref}` (from {source})", ref=image.ref, source=image.source)
    if start:
        return t("The Feature `{ref}` (from {source})", ref=image.ref, source=image.source)
    return t("the Feature `{ref}` (from {source})", ref=image.ref, source=image.source)


def docker_server(host: str) -> str:
    """The SERVER value a set for `host` must have (Docker Hub's documented one for Hub)."""
    return DOCKERHUB_SERVER if registry_kind(host.lower()) == "dockerhub" else host


def server_host(secret_set: SecretSet) -> str | None:
    """The host[:port] the set's server names, as written (case kept); None when unusable."""
    if secret_set.server is None:
        return None
    text = clean(secret_set.server.text)
    if not text:
        return None
    parsed = parse_server(text)
    return parsed.host if parsed.valid else None


def covers(secret_set: SecretSet, image: ImageRef) -> bool:
    """Whether the set's server names exactly the image's registry."""
    if image.host.lower() == DOCKERHUB_HOST:
        return secret_set.kind == "dockerhub"
    host = server_host(secret_set)
    return host is not None and secret_set.kind != "dockerhub" and host == image.host


def near_miss_reason(set_host: str, image_host: str) -> str | None:
    """How a set's host almost names the image's host (None when not close)."""
    if set_host == image_host:
        return None
    a, b = set_host.lower(), image_host.lower()
    if a == b:
        return _("it differs only in upper/lower case")
    mine, theirs = parse_ecr_host(a), parse_ecr_host(b)
    if mine is not None and theirs is not None and mine.account == theirs.account \
            and mine.region != theirs.region:
        return t("the same AWS account in another region: the set names `{mine}`, the image is "
                 "in `{theirs}` (an ECR login is per region)", mine=mine.region,
                 theirs=theirs.region)
    if host_without_port(a) == host_without_port(b):
        return _("the port differs")
    if a.removeprefix("www.") == b.removeprefix("www."):
        return _("one has `www.` and the other not")
    distance = edit_distance(host_without_port(a), host_without_port(b))
    if 0 < distance <= max(2, len(b) // 10):
        return ngettext("it differs by {distance} character (a typo?)",
                        "it differs by {distance} characters (a typo?)",
                        distance).format(distance=distance)
    return None


def unusable_naming(secret_sets: list[SecretSet], image: ImageRef
                    ) -> list[tuple[SecretSet, str, str]]:
    """(set, value, reason) for sets whose SERVER mentions the image's host but is no usable
    host[:port] (SERVER_INVALID): they do name the registry, just not in a form that works."""
    from tui.redact import visible_whitespace

    found = []
    for secret_set in secret_sets:
        if secret_set.server is None or server_host(secret_set) is not None:
            continue
        text = clean(secret_set.server.text)
        if text and image.host.lower() in text.lower():
            found.append((secret_set, visible_whitespace(text)[:120],
                          _("the value is not a plain host[:port] (see SERVER_INVALID)")))
    return found


def unused_sets(image: ImageRef, secret_sets: list[SecretSet]) -> list[tuple[str, str]]:
    """(prefix, why it is not used) for sets that name the image's registry — exactly but
    incomplete, or almost — yet give the pull no credentials; the pull's fixes point at them
    instead of saying that no set names the registry."""
    found: list[tuple[str, str]] = []
    for secret_set in secret_sets:
        if covers(secret_set, image):
            if not secret_set.complete:
                found.append((secret_set.prefix, _("is incomplete (see SECRET_SET_INCOMPLETE)")))
            continue
        host = server_host(secret_set)
        reason = near_miss_reason(host, image.host) if host is not None else None
        if reason is not None:
            found.append((secret_set.prefix, t(
                "names `{host}`, not `{image_host}`: {reason} (see IMAGE_SERVER_NEAR_MISS)",
                host=host, image_host=image.host, reason=reason)))
    found += [(s.prefix, t("names `{value}`: {reason}", value=value, reason=reason))
              for s, value, reason in unusable_naming(secret_sets, image)]
    return found


def _prefix_for(image: ImageRef, secret_sets: list[SecretSet]) -> str:
    prefix = PREFIX_BY_KIND.get(registry_kind(image.host.lower()), "REGISTRY")
    taken = {s.prefix for s in secret_sets}
    return prefix if prefix not in taken else f"{prefix}2"


def _uncovered(image: ImageRef, secret_sets: list[SecretSet], where: fixes.Where,
               why: str, also: list[ImageRef] | None = None) -> Finding:
    prefix = _prefix_for(image, secret_sets)
    server = docker_server(image.host)
    named_sets = ", ".join(f"`{s.prefix}` → `{_shown_server(s)}`" for s in secret_sets)
    sentences = [t("{subject} is in `{host}`; {why}.", subject=named(image, start=True),
                   host=image.host, why=why),
                 t("The sets name: {sets}.", sets=named_sets) if named_sets
                 else _("There are no secret sets.")]
    others = ", ".join(named(i) for i in also or [])
    if others:
        sentences.append(t("The same registry also serves {others}: one set covers them all.",
                           others=others))
    return finding(
        "IMAGE_REGISTRY_UNCOVERED",
        detail=" ".join(sentences),
        fix=t("Create a set whose SERVER is `{server}`.", server=server) + " "
        + fixes.create_set(prefix, server, where),
        image=image.ref,
    )


def _shown_server(secret_set: SecretSet) -> str:
    """What a set's SERVER names, for listing: its host, or that it is unusable."""
    host = server_host(secret_set)
    if host is not None:
        return host
    return _("no SERVER") if secret_set.server is None or not clean(secret_set.server.text) \
        else _("an invalid SERVER (see SERVER_INVALID)")


def _near(image: ImageRef, secret_set: SecretSet, host: str, reason: str,
          where: fixes.Where) -> Finding:
    name = f"{secret_set.prefix}_CONTAINER_REGISTRY_SERVER"
    target = docker_server(image.host)
    if host.lower() == image.host.lower() and image.host != image.host.lower():
        # registry hosts are lower case (ACR's login servers always): the reference is wrong
        lowered = image.host.lower() + image.ref[len(image.host):] \
            if image.ref.startswith(image.host) else image.ref.lower()
        return finding(
            "IMAGE_SERVER_NEAR_MISS",
            detail=t("`{name}` names `{host}` but {image} is written with the host "
                     "`{image_host}`: {reason}. Registry hosts are lower case (an ACR login "
                     "server always is) and Codespaces matches the host exactly, so these "
                     "credentials are not used.", name=name, host=host, image=named(image),
                     image_host=image.host, reason=reason),
            fix=t("Lower the host in the image reference: write `{lowered}` in `{source}` (not "
                  "the secret: `{name}` is right), then rebuild the container.",
                  lowered=lowered, source=image.source, name=name),
            secret_set=secret_set.prefix, image=image.ref,
        )
    return finding(
        "IMAGE_SERVER_NEAR_MISS",
        detail=t("`{name}` names `{host}` but {image} is in `{image_host}`: {reason}. "
                 "Codespaces matches the host exactly, so these credentials are not used.",
                 name=name, host=host, image=named(image), image_host=image.host, reason=reason),
        fix=fixes.set_secret(name, where, what=t("exactly `{target}`", target=target),
                             source=secret_set.server.source if secret_set.server else None),
        secret_set=secret_set.prefix,
        image=image.ref,
    )


def _anonymous_answers(
    images: list[ImageRef], options, remember: dict | None = None
) -> dict[str, bool | None]:
    """Ask the registry-access probe, concurrently and bounded, whether each image is public."""

    def ask(image: ImageRef) -> bool | None:
        from tui.registry.anonymous import anonymous_pull_ok

        try:
            answer = anonymous_pull_ok(image, options, remember)
        except Exception:
            return None
        return answer if isinstance(answer, bool) else None

    answers: dict[str, bool | None] = {image.ref: None for image in images}
    images = [image for image in images if options.may_contact(image.host)]
    if not images:
        return answers
    from tui.registry.probe.parallel import concurrently

    found = concurrently(ask, images, within=float(options.timeout) * 2 + 1)
    answers.update({image.ref: answer for image, answer in zip(images, found, strict=True)})
    return answers


def public_answers(diagnosis, images: list[ImageRef]) -> dict[str, bool | None]:
    """ref -> True (anonymous pull works), False (refused) or None (unknown, or offline);
    asked once per reference and kept for the later steps (`handoff.anonymous_pull` keeps the
    ladders, so the pull step need not wait on a fault again)."""
    known = diagnosis.handoff.public_answers
    if diagnosis.options.offline:
        return {image.ref: None for image in images}
    remember = diagnosis.handoff.anonymous_pull
    missing = [image for image in images if image.ref not in known]
    known.update(_anonymous_answers(missing, diagnosis.options, remember))
    return {image.ref: known.get(image.ref) for image in images}


def uncovered_reason(answer: bool | None, offline: bool) -> str:
    """Why an image without a set needs one, from the anonymous answer."""
    if offline:
        return _("no secret set names it, and offline only well-known public registries "
                 "count as public (run without `--offline` to try an anonymous pull)")
    if answer is False:
        return _("no secret set names it, and an anonymous pull is refused: it is private")
    return _("no secret set names it, and whether it allows anonymous pulls is unknown")


def check_images(diagnosis, secret_sets: list[SecretSet], where: fixes.Where) -> list[Finding]:
    """IMAGE_SERVER_NEAR_MISS and IMAGE_REGISTRY_UNCOVERED for every image and Feature of the
    context (GHCR needs package access, not a set; refs that are not images are skipped; with
    no set at all, the registries NO_REGISTRY_SECRETS names are not reported twice)."""
    from tui.registry.image_sense import judged_not_images

    findings: list[Finding] = []
    pending: list[ImageRef] = []
    chosen: dict[str, str | None] = {}
    seen: set[str] = judged_not_images(diagnosis)
    for image in diagnosis.context.images:
        if image.ref in seen or is_ghcr(image) or not is_registry_reference(image):
            continue
        seen.add(image.ref)
        covering = [s for s in secret_sets if covers(s, image)]
        chosen[image.ref] = covering[0].prefix if covering else None
        if covering:
            continue
        near = [
            (s, host, reason) for s in secret_sets
            if (host := server_host(s)) is not None
            and (reason := near_miss_reason(host, image.host)) is not None
        ] + unusable_naming(secret_sets, image)
        if near:
            findings.extend(_near(image, s, host, reason, where) for s, host, reason in near)
            continue
        if not is_well_known_public(image):
            pending.append(image)
    diagnosis.handoff.image_sets = chosen
    offline = bool(diagnosis.options.offline)
    answers = public_answers(diagnosis, pending)
    reported = set(diagnosis.handoff.reported_without_sets) if not secret_sets else set()
    by_host: dict[str, list[tuple[ImageRef, str]]] = {}
    for image in pending:
        answer = answers.get(image.ref)
        if answer is True or image.host in reported:
            continue
        by_host.setdefault(image.host, []).append((image, uncovered_reason(answer, offline)))
    for group in by_host.values():  # one finding per registry: one set fixes them all
        (image, why), rest = group[0], [other for other, _ in group[1:]]
        findings.append(_uncovered(image, secret_sets, where, why, also=rest))
    diagnosis.handoff.uncovered_hosts = {
        **{host: "NO_REGISTRY_SECRETS" for host in reported},
        **{host: "IMAGE_REGISTRY_UNCOVERED" for host in by_host},
    }
    return findings
