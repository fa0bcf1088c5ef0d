"""Parse image references (`[host[:port]/]path[:tag][@digest]`) the way docker does.

Docker Hub is canonicalised to the host `docker.io`; its one-segment names get `library/`.
"""

from __future__ import annotations

from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.model import ImageRef

DOCKER_HUB = "docker.io"
"""The canonical host of every Docker Hub reference."""

HUB_ALIASES = frozenset(
    {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)
"""Hosts that all mean Docker Hub (compared case-insensitively)."""

WELL_KNOWN_PUBLIC_HOSTS = frozenset({"mcr.microsoft.com", "public.ecr.aws", "registry.k8s.io"})
"""Registries whose images are public by design (the offline list of the SPEC)."""

WELL_KNOWN_PUBLIC_PREFIXES: dict[str, tuple[str, ...]] = {
    DOCKER_HUB: ("library/",),
    "gcr.io": ("distroless/",),
}
"""Public repository namespaces on registries that also host private images."""

_MAX_REF = 1024
TEMPLATE_OPTION = LazyPattern(r"\$\{templateOption:([^}]*)\}?")
"""An unreplaced option of a dev container Template (applying the Template fills these in)."""
_COMPONENT = LazyPattern(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_TAG = LazyPattern(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_DIGEST = LazyPattern(r"[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}")
_HOST = LazyPattern(
    r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?"
)


def _looks_like_host(segment: str) -> bool:
    """Docker's rule: a first segment with `.` or `:`, `localhost`, or an uppercase letter."""
    return (
        "." in segment
        or ":" in segment
        or segment == "localhost"
        or segment.lower() != segment
    )


def _split_host(name: str) -> tuple[str | None, str]:
    first, sep, rest = name.partition("/")
    if sep and _looks_like_host(first):
        return first, rest
    return None, name


def parse_image_ref(
    ref: str, source: str, role: str = "image", platform: str | None = None,
    kind: str = "image",
) -> ImageRef:
    """Parse `ref` into an ImageRef; raises ValueError saying what is wrong with it."""
    text = ref.strip()
    if not text:
        raise ValueError(_("the image reference is empty"))
    if len(text) > _MAX_REF:
        raise ValueError(t("the image reference is longer than {limit} characters", limit=_MAX_REF))
    option = TEMPLATE_OPTION.search(text)
    if option is not None:
        raise ValueError(t("it holds `{option}`, a dev container Template option never replaced",
                           option=option.group(0)))
    if any(ch.isspace() for ch in text):
        raise ValueError(_("the image reference contains whitespace"))
    name, _sep, digest = text.partition("@")
    if "@" in text and not _DIGEST.fullmatch(digest):
        raise ValueError(t("'{digest}' is not a digest (expected algorithm:hex, e.g. sha256:…)",
                           digest=digest))
    host, path = _split_host(name)
    tag = None
    last = path.rsplit("/", 1)[-1]
    if ":" in last:
        path, _sep, tag = path.rpartition(":")
        if not _TAG.fullmatch(tag):
            raise ValueError(t("'{tag}' is not a valid tag", tag=tag))
    if host is not None and not _HOST.fullmatch(host):
        raise ValueError(t("'{host}' is not a registry host[:port]", host=host))
    if host is not None and ":" in host and not host.startswith("["):
        port = int(host.rsplit(":", 1)[1])
        if not 0 < port < 65536:
            raise ValueError(t("port {port} of '{host}' is out of range", port=port, host=host))
    if not path:
        raise ValueError(_("the image reference names no repository"))
    for component in path.split("/"):
        if not _COMPONENT.fullmatch(component):
            if component.lower() != component and _COMPONENT.fullmatch(component.lower()):
                raise ValueError(t("repository name '{path}' must be lowercase", path=path))
            raise ValueError(t("'{component}' is not a valid repository path component",
                                   component=component))
    if host is None or host.lower() in HUB_ALIASES:
        host = DOCKER_HUB
        if "/" not in path:
            path = f"library/{path}"
    reference = digest if digest else (tag or "latest")
    return ImageRef(
        ref=text,
        host=host,
        repository=path,
        reference=reference,
        source=source,
        role=role,
        platform=platform,
        kind=kind,
    )


def is_well_known_public(image: ImageRef) -> bool:
    """True when the image is public by design (offline guess; conservative)."""
    host = image.host.lower()
    if host in WELL_KNOWN_PUBLIC_HOSTS:
        return True
    prefixes = WELL_KNOWN_PUBLIC_PREFIXES.get(host, ())
    return any(image.repository.startswith(prefix) for prefix in prefixes)


def same_host(left: str, right: str) -> bool:
    """Whether two registry hosts are the same (case-insensitive; Hub aliases are equal)."""
    a, b = left.lower(), right.lower()
    a = DOCKER_HUB if a in HUB_ALIASES else a
    b = DOCKER_HUB if b in HUB_ALIASES else b
    return a == b


def ghcr_settings_urls(image: ImageRef) -> tuple[str, str]:
    """The package settings pages of a ghcr.io image: organization form, then user form."""
    owner, _sep, package = image.repository.partition("/")
    return package_settings_url(owner, package), package_settings_url(owner, package, "users")


def package_settings_url(owner: str, package: str, kind: str = "orgs") -> str:
    """A container package's settings page (`kind` orgs or users; `/` in the name as %2F)."""
    from urllib.parse import quote  # only when a GHCR fix is written

    name = quote(package, safe="")
    return f"https://github.com/{kind}/{owner}/packages/container/{name}/settings"
