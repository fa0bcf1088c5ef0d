"""What a `*_CONTAINER_REGISTRY_SERVER` value names: scheme, host[:port], path, registry kind."""

from __future__ import annotations

import ipaddress

from tui.aws.formats import ECR_PUBLIC_HOSTS, LOOKS_LIKE_ECR, parse_ecr_host
from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.record import record
from tui.workspace.imageref import HUB_ALIASES

DOCKERHUB_SERVER = "https://index.docker.io/v1/"
"""The only server value under which docker looks up Docker Hub credentials."""

DOCKERHUB_HOST = "docker.io"
"""Docker Hub's canonical host (as image references name it)."""

DOCKERHUB_HOSTS = HUB_ALIASES | frozenset({
    "hub.docker.com", "www.docker.io", "docker.com", "www.docker.com",
})
"""What a SERVER value may say to mean Docker Hub: the registry's own names
(`imageref.HUB_ALIASES`) and the web site's."""

GHCR_HOST = "ghcr.io"

PREFIX_BY_KIND = {
    "ecr": "ECR", "acr": "ACR", "dockerhub": "DOCKERHUB", "gcr": "GCR",
    "artifact-registry": "GAR", "ghcr": "GHCR", "generic": "REGISTRY",
}
"""The identifier to suggest for a new set, by registry kind (`ECR_` is the guide's advice)."""

_SCHEME = LazyPattern(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_PORT = LazyPattern(
    rf"^(?:(?P<name>{_LABEL}(?:\.{_LABEL})*)|\[(?P<v6>[0-9A-Fa-f:.]+)\])(?::(?P<port>\d{{1,5}}))?$"
)


@record(frozen=True)
class ServerValue:
    """A server value taken apart (from the value with surrounding whitespace/quotes removed)."""

    value: str
    scheme: str | None
    host: str
    """host[:port] as written (case kept)."""
    path: str
    """Anything after the host (`/v1/`, `/team/app:1.0`), empty when none."""
    problem: str | None
    """Why it is not a host[:port] (None when it is one)."""

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def host_lower(self) -> str:
        return self.host.lower()

    @property
    def kind(self) -> str:
        """acr | ecr | dockerhub | ghcr | gcr | artifact-registry | generic."""
        return registry_kind(self.host_lower)

    @property
    def canonical_host(self) -> str | None:
        """Lower-case host[:port]; `docker.io` for any Docker Hub name; None when invalid."""
        if not self.valid:
            return None
        return canonical_host(self.host_lower)


def _host_problem(host: str) -> str | None:
    if not host:
        return _("the host is empty")
    if any(ch.isspace() for ch in host):
        return _("the host contains whitespace")
    if "@" in host:
        return _("the host contains `@` (user information belongs in USER)")
    match = _HOST_PORT.match(host)
    if not match:
        allowed = ".-:[]"
        bad = sorted({c for c in host if not (c.isalnum() and c.isascii()) and c not in allowed})
        if bad:
            return t("the host contains characters a host name cannot have: {chars}",
                     chars=" ".join(f"`{ch}`" for ch in bad)
            )
        return _("it is not a host name with an optional `:port`")
    port = match["port"]
    if port is not None and not 1 <= int(port) <= 65535:
        return t("the port {port} is out of range", port=port)
    if match["v6"] is not None:
        try:
            ipaddress.IPv6Address(match["v6"])
        except ValueError:
            return _("the bracketed IPv6 address is not valid")
    return None


def parse_server(value: str) -> ServerValue:
    """Take a server value apart. `value` should already be stripped of whitespace and quotes."""
    rest = value
    scheme = None
    match = _SCHEME.match(rest)
    if match:
        scheme = match["scheme"]
        rest = rest[match.end():]
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=-1)
    host, path = (rest, "") if cut < 0 else (rest[:cut], rest[cut:])
    problem = _host_problem(host)
    if problem is None and scheme is not None and scheme.lower() not in ("http", "https"):
        problem = t("the scheme `{scheme}://` is not a registry scheme", scheme=scheme)
    return ServerValue(value, scheme, host, path, problem)


def _bare(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def registry_kind(host: str) -> str:
    """The kind of registry a lower-case host[:port] names."""
    bare = _bare(host.lower())
    if bare in DOCKERHUB_HOSTS:
        return "dockerhub"
    if bare == GHCR_HOST:
        return "ghcr"
    if bare in ECR_PUBLIC_HOSTS:
        return "generic"
    if "ecr" in bare and (parse_ecr_host(bare) is not None or LOOKS_LIKE_ECR.search(bare)):
        return "ecr"
    if bare.endswith((".azurecr.io", ".azurecr.cn", ".azurecr.us", ".azurecr.de")):
        return "acr"
    if bare == "gcr.io" or bare.endswith(".gcr.io"):
        return "gcr"
    if bare.endswith("-docker.pkg.dev"):
        return "artifact-registry"
    return "generic"


def canonical_host(host: str) -> str:
    """Lower-case host[:port]; every Docker Hub name becomes `docker.io`."""
    lower = host.lower()
    return DOCKERHUB_HOST if _bare(lower) in DOCKERHUB_HOSTS and lower == _bare(lower) else lower


def host_without_port(host: str) -> str:
    """`host` of `host:port` (IPv6 brackets kept)."""
    return _bare(host)
