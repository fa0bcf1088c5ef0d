"""The registry's words are evidence: what a classified log line says the cure is.

A rule reads the deciding line, the rest of the failed attempt, the image it is about, whether
that image's registry serves it anonymously (`public`) and whether the codespace sent
credentials for its host; it returns the fix, who can make it, and the generic findings the
cause makes moot. Each rule names the real sample that justifies it (`tests/data/remedy-*.jsonl`).
The rules are tried in the order of `RULES`: the first that applies decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tui.fix_texts import fix_text
from tui.i18n import N_, _, t
from tui.lazy_pattern import LazyPattern
from tui.logs.cure import GENERIC, NOT_ACCESS, Remedy
from tui.logs.features import feature_remedy
from tui.model import ImageRef
from tui.record import record
from tui.secretsets.servers import registry_kind
from tui.workspace.imageref import DOCKER_HUB, HUB_ALIASES, parse_image_ref

OFFICIAL_IMAGES = frozenset({
    "adminer", "almalinux", "alpine", "amazoncorretto", "amazonlinux", "api-firewall",
    "archlinux", "backdrop", "bash", "bonita", "buildpack-deps", "busybox", "caddy", "cassandra",
    "centos", "chronograf", "clojure", "composer", "convertigo", "couchbase", "couchdb", "crate",
    "dart", "debian", "docker", "drupal", "eclipse-temurin", "elasticsearch", "elixir", "emqx",
    "erlang", "fedora", "flink", "friendica", "gazebo", "gcc", "geonetwork", "ghost", "golang",
    "gradle", "groovy", "haproxy", "haskell", "hitch", "httpd", "hylang", "ibmjava", "influxdb",
    "irssi", "jenkins", "jetty", "joomla", "julia", "kapacitor", "kibana", "kong",
    "lightstreamer", "liquibase", "logstash", "mageia", "mariadb", "matomo", "maven", "mediawiki",
    "memcached", "mongo", "mongo-express", "monica", "mono", "mysql", "nats", "nats-streaming",
    "neo4j", "neurodebian", "nextcloud", "nginx", "nginx-unit", "node", "odoo", "open-liberty",
    "openjdk", "oraclelinux", "orientdb", "percona", "perl", "photon", "php", "phpmyadmin",
    "plone", "postfixadmin", "postgis", "postgres", "pypy", "python", "qbittorrent", "r-base",
    "rabbitmq", "rakudo-star", "redis", "redmine", "registry", "rethinkdb", "rockylinux", "ruby",
    "rust", "sapmachine", "satosa", "silverpeas", "solr", "sonarqube", "spark", "spiped", "storm",
    "swift", "telegraf", "tomcat", "tomee", "traefik", "ubuntu", "unit", "varnish",
    "websphere-liberty", "wordpress", "xwiki", "yourls", "znc", "zookeeper",
})
"""Docker Hub's official images (`library/…`, public by design): a well-known subset."""

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.logs.reader import LogDiagnosis

_DATES = LazyPattern(r"certificate has expired or is not yet valid|certificate has expired"
                     r"|not yet valid|CERT_HAS_EXPIRED", re.IGNORECASE)
_CLOCK = LazyPattern(r"current time (\S+) is (before|after) (\S+)", re.IGNORECASE)
_LOOKUP = LazyPattern(r"lookup ([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?: on |: no such host)",
                      re.IGNORECASE)
_URL_HOST = LazyPattern(r"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?)/")
_MANIFEST_MISSING = LazyPattern(r"manifest ?unknown|manifest for \S+ not found|manifest tagged by"
                                r"|no manifest found for", re.IGNORECASE)
_HUB_DENIED = LazyPattern(r"repository does not exist or (?:may require|no pull access)",
                          re.IGNORECASE)
_DEFAULT_TAG = LazyPattern(r"Using default tag: latest", re.IGNORECASE)
_COMMAND_REF = LazyPattern(r"docker(?:\.exe)?:?\s+(?:image\s+|container\s+)?(?:pull|run)\s+"
                           r"(?:-\S+\s+)*([^\s'\"]+)", re.IGNORECASE)
_SCOPE = LazyPattern(r"insufficient_scope", re.IGNORECASE)


@record(frozen=True)
class Evidence:
    """What the rules read about one failing image."""

    verdict: LogDiagnosis
    attempt: tuple[str, ...]
    image: ImageRef | None
    """The image the deciding line is about (from the line, else the configuration)."""
    public: bool
    """Its registry serves it anonymously (a well-known public image, or an anonymous pull)."""
    credentials: bool
    """A secret set names its host: the codespace sent credentials for it."""
    codespace_repo: str
    rebuild: str
    configured_features: tuple[str, ...] = ()
    """The Feature ids devcontainer.json names (empty when unknown)."""

    @property
    def text(self) -> str:
        """The failed attempt as one lower-case text (the deciding line when it is absent)."""
        return "\n".join(self.attempt or (self.verdict.line,)).lower()

    @property
    def host(self) -> str:
        """The registry host the failure is about (`docker.io` for Docker Hub)."""
        if self.image is not None:
            return self.image.host.lower()
        found = _URL_HOST.search(self.verdict.line)
        host = found.group(1).lower() if found else ""
        return DOCKER_HUB if host in HUB_ALIASES or "docker hub" in self.text else host


def image_of(verdict: LogDiagnosis, attempt: tuple[str, ...],
             configured: ImageRef | None) -> ImageRef | None:
    """The image the failure is about: the one the line names, a pulled one, or `configured`."""
    candidates = [verdict.reference or ""]
    candidates += [m.group(1) for line in attempt for m in [_COMMAND_REF.search(line)] if m]
    for text in candidates:
        if not text or (configured is not None and _same(text, configured)):
            continue
        try:
            return parse_image_ref(text, "creation log")
        except ValueError:
            continue
    return configured


def _same(text: str, image: ImageRef) -> bool:
    return image.repository.lower() in text.lower()


def _tag_missing(ev: Evidence) -> Remedy | None:
    """`manifest unknown` / `manifest for X not found`: the registry read the repository and
    has no such tag. Samples: r3-notfound-001, -005, -007 (Docker Hub), -002, -008 (GHCR),
    -004 (MCR), -006 (an ACR-backed registry)."""
    line = ev.verdict.line
    if not _MANIFEST_MISSING.search(line) and not _MANIFEST_MISSING.search(ev.text):
        return None
    if ev.verdict.klass not in ("not-found", "unknown") or "amd64" in ev.verdict.hint:
        return None
    if ev.verdict.signature == "cli-no-manifest" and not ev.public:
        return None  # the CLI says this for any failed read: docker's own error decides
    image = ev.image
    if image is None:
        fix = fix_text("CREATION_LOG_ERROR", "tag-missing-unnamed", rebuild=ev.rebuild)
        return Remedy("tag-missing", fix, explains=NOT_ACCESS)
    ref, repo_ref = _written(image)
    implicit = image.reference == "latest" and (
        not _has_tag(image.ref) or bool(_DEFAULT_TAG.search(ev.text)))
    if implicit:
        why = _("no tag was given, so `latest` was asked for, and this repository publishes no "
                "`latest` tag.")
    else:
        why = t("the tag `{tag}` is not published (or the name is misspelled).",
                tag=image.reference)
    fix = fix_text("CREATION_LOG_ERROR", "tag-missing", host=_shown_host(image), ref=ref,
                   why=why, repo_ref=repo_ref, rebuild=ev.rebuild)
    return Remedy("tag-missing", fix, explains=NOT_ACCESS)


def _hub_denied(ev: Evidence) -> Remedy | None:
    """Docker Hub's `pull access denied …, repository does not exist or may require 'docker
    login'`. An official (`library/`) name is public: unknown → it does not exist (r3-denied-002),
    known → Docker Hub's own fault (r3-denied-005); otherwise both causes are named."""
    if not _HUB_DENIED.search(ev.text) or ev.host != DOCKER_HUB or ev.image is None:
        return None
    image = ev.image
    ref, _repo = _written(image)
    if image.repository.startswith("library/") and not ev.credentials:
        name = image.repository.removeprefix("library/")
        if name in OFFICIAL_IMAGES:
            fix = fix_text("CREATION_LOG_ERROR", "hub-official-refused", ref=ref,
                           rebuild=ev.rebuild)
            return Remedy("hub-official-refused", fix, "registry-admin", NOT_ACCESS)
        fix = fix_text("CREATION_LOG_ERROR", "hub-library-missing", ref=ref, name=name,
                       rebuild=ev.rebuild)
        return Remedy("hub-library-missing", fix, explains=NOT_ACCESS)
    if ev.credentials:
        return _no_pull_right(ev)
    fix = fix_text("CREATION_LOG_ERROR", "hub-missing-or-private", ref=ref,
                   create=_create(ev, "docker.io"))
    return Remedy("hub-missing-or-private", fix, explains=GENERIC[2:])


def _ghcr(ev: Evidence) -> Remedy | None:
    """GHCR's `denied` / `unauthorized` with no token of the user's: the package is private
    or does not exist; the fix names both (r3-auth-001…004, -012…014, r3-denied-001). The
    findings add the guide's case (inheritance, access list, another owner) after it."""
    image = ev.image
    if image is None or image.host.lower() != "ghcr.io" or ev.verdict.klass not in (
            "auth", "denied") or ev.credentials or ev.verdict.signature == "ghcr-scope":
        return None
    owner = image.repository.split("/", 1)[0]
    fix = fix_text("GHCR_PACKAGE_ACCESS", "ghcr-private-or-missing",
                   package=f"ghcr.io/{image.repository}", owner=owner)
    return Remedy("ghcr-private-or-missing", fix, "package-admin", code="GHCR_PACKAGE_ACCESS")


def _ecr_expired(ev: Evidence) -> Remedy | None:
    """ECR's `Your authorization token has expired` (r3-auth-008): the cause is named, whatever
    the `repository does not exist` wording around it."""
    if ev.verdict.signature != "ecr-token-expired":
        return None
    return Remedy("ecr-token-expired", fix_text("CREATION_LOG_ERROR", "ecr-token-expired"),
                  explains=NOT_ACCESS)


def _hub_credentials(ev: Evidence) -> Remedy | None:
    """Docker Hub's own words about its login: `please use personal access token` (two-factor
    authentication, r3-auth-010) and `incorrect username or password` (r3-auth-011)."""
    if ev.host not in (DOCKER_HUB, ""):
        return None
    if "please use personal access token" in ev.text:
        return Remedy("hub-2fa", fix_text("CREATION_LOG_ERROR", "hub-2fa"))
    if "incorrect username or password" in ev.text:
        return Remedy("hub-credentials", fix_text("CREATION_LOG_ERROR", "hub-credentials"))
    return None


def _nothing_sent(ev: Evidence) -> Remedy | None:
    """`no basic auth credentials`: docker holds no login for the image's exact host
    (r3-auth-006)."""
    if ev.verdict.signature != "no-basic-auth" or not ev.host:
        return None
    fix = fix_text("CREATION_LOG_ERROR", "no-credentials-sent", host=ev.host,
                   create=_create(ev, ev.host), password=_password(ev.host))
    return Remedy("no-credentials-sent", fix, explains=GENERIC[2:])


def _refused(ev: Evidence) -> Remedy | None:
    """A private registry refuses the pull: anonymously (r3-denied-004 GitLab, r3-denied-006
    Artifact Registry), or with credentials that have no right on the repository."""
    if ev.verdict.klass != "denied" or ev.image is None or ev.verdict.signature in (
            "ecr-permission", "ghcr-scope"):
        return None
    if ev.credentials:
        return _no_pull_right(ev)
    if _SCOPE.search(ev.text) and ev.public:
        return None
    image = ev.image
    kind = registry_kind(image.host.lower())
    how = ""
    if kind in ("gcr", "artifact-registry") or "artifactregistry" in ev.text:
        how = " " + _("(gcr.io is served by Artifact Registry: grant "
                      "`roles/artifactregistry.reader` to `allUsers` on the repository)")
    _ref, repo_ref = _written(image)
    fix = fix_text("CREATION_LOG_ERROR", "private-anonymous", host=_shown_host(image),
                   repo_ref=repo_ref, how=how, server=image.host.lower(), rebuild=ev.rebuild)
    return Remedy("private-anonymous", fix, "registry-admin", GENERIC[2:])


def _no_pull_right(ev: Evidence) -> Remedy:
    image = ev.image
    assert image is not None
    _ref, repo_ref = _written(image)
    fix = fix_text("CREATION_LOG_ERROR", "no-pull-right", host=_shown_host(image),
                   repo_ref=repo_ref)
    return Remedy("no-pull-right", fix, "registry-admin")


def _rate_limit(ev: Evidence) -> Remedy | None:
    """`toomanyrequests` / 429: log in so pulls count against an account (r3-ratelimit-001,
    -002)."""
    if ev.verdict.klass != "rate-limit":
        return None
    hub_words = "pull rate limit" in ev.text or "docker.com/increase-rate-limit" in ev.text
    host = DOCKER_HUB if hub_words else (ev.host or DOCKER_HUB)
    hub = host == DOCKER_HUB
    login = (t("For Docker Hub: {create}", create=_create(ev, "docker.io")) if hub else
             t("Add a secret set whose SERVER is `{host}`.", host=host))
    fix = fix_text("CREATION_LOG_ERROR", "rate-limit-login",
                   host="Docker Hub" if hub else host, login=login, rebuild=ev.rebuild)
    return Remedy("rate-limit", fix, explains=NOT_ACCESS)


def _tls_dates(ev: Evidence) -> Remedy | None:
    """`x509: certificate has expired or is not yet valid`: a wrong clock first, an expired
    certificate second (r3-tls-001, -003)."""
    if ev.verdict.klass != "tls" or not _DATES.search(ev.text):
        return None
    found = _CLOCK.search(ev.text)
    clock = ""
    if found is not None:
        now, side, bound = found.groups()
        clock = " " + (
            t("The machine's clock said {now}, before the certificate's {bound}: the clock is "
              "behind.", now=now, bound=bound) if side == "before" else
            t("The machine's clock said {now}, after the certificate's {bound}: the clock is "
              "ahead or the certificate expired.", now=now, bound=bound))
    fix = fix_text("CREATION_LOG_ERROR", "tls-dates", clock=clock,
                   host=ev.host or _("the registry"))
    return Remedy("tls-dates", fix, explains=NOT_ACCESS)


def _dns(ev: Evidence) -> Remedy | None:
    """`lookup HOST … no such host / i/o timeout`: name resolution, for the host it names
    (r3-network-001, -002)."""
    found = _LOOKUP.search(ev.verdict.line) or _LOOKUP.search(ev.text)
    if ev.verdict.klass != "network" or found is None:
        return None
    fix = fix_text("CREATION_LOG_ERROR", "dns", host=found.group(1), rebuild=ev.rebuild)
    return Remedy("dns", fix, explains=NOT_ACCESS)


RULES: tuple[tuple[str, Callable[[Evidence], Remedy | None]], ...] = (
    ("feature", lambda ev: feature_remedy(ev.verdict, ev.attempt, ev.configured_features)),
    ("ecr-token-expired", _ecr_expired),
    ("tag-missing", _tag_missing),
    ("hub-denied", _hub_denied),
    ("ghcr", _ghcr),
    ("hub-credentials", _hub_credentials),
    ("no-credentials-sent", _nothing_sent),
    ("rate-limit", _rate_limit),
    ("tls-dates", _tls_dates),
    ("dns", _dns),
    ("refused", _refused),
)
"""(name, rule) in the order they are tried."""


def remedy(ev: Evidence) -> Remedy | None:
    """The first rule's remedy that applies, or None (the class's general fix stands)."""
    for _name, rule in RULES:
        found = rule(ev)
        if found is not None:
            return found
    return None


def _written(image: ImageRef) -> tuple[str, str]:
    """The reference and its repository part as a person writes them (Hub without
    `docker.io/library/`)."""
    host = image.host.lower()
    repository = image.repository
    if host == DOCKER_HUB:
        repository = repository.removeprefix("library/")
        repo_ref = repository
    else:
        repo_ref = f"{image.host}/{repository}"
    joiner = "@" if image.reference.startswith("sha256:") else ":"
    return f"{repo_ref}{joiner}{image.reference}", repo_ref


def _has_tag(ref: str) -> bool:
    last = ref.rsplit("/", 1)[-1]
    return ":" in last or "@" in last


def _shown_host(image: ImageRef) -> str:
    return "Docker Hub" if image.host.lower() == DOCKER_HUB else image.host.lower()


def _create(ev: Evidence, host: str) -> str:
    from tui.registry.coverage import docker_server
    from tui.secretsets.fixes import Where, create_set

    prefix = {"dockerhub": "DOCKERHUB", "ecr": "ECR", "acr": "ACR", "gcr": "GCR"}.get(
        registry_kind(host), "REGISTRY")
    return create_set(prefix, docker_server(host), Where(repository=ev.codespace_repo))


def _password(host: str) -> str:
    """What a registry takes as PASSWORD, by its kind."""
    kind = registry_kind(host)
    if host.endswith("pkg.github.com"):
        return _("a GitHub personal access token (classic) with `read:packages`: this "
                 "registry asks for a login even for public packages (its successor ghcr.io "
                 "does not)")
    return _({
        "dockerhub": N_("a Docker Hub access token, USER your Docker ID"),
        "ecr": N_("an AWS secret access key with USER its key id (a login is per account and "
                  "region: the SERVER must be this exact host)"),
        "acr": N_("a token or service principal secret with the AcrPull role"),
        "gcr": N_("a service-account JSON key, USER `_json_key`"),
        "artifact-registry": N_("a service-account JSON key, USER `_json_key`"),
    }.get(kind, N_("the registry account's password or access token")))


_BAD_REFERENCE = LazyPattern(r"invalid reference format|could not parse image name"
                             r"|repository name must be lowercase|failed validation", re.IGNORECASE)
_QUOTED_REF = LazyPattern(r"(?:image name|for input|no such image:?)\s+'?([^'\s]+)'?",
                          re.IGNORECASE)
_OPTION_RESIDUE = LazyPattern(r"\$\{templateOption:(\w+)\}?|:(\w+)\}", re.IGNORECASE)


def reference_remedy(attempt: tuple[str, ...], rebuild: str) -> Remedy | None:
    """Docker could not parse the reference: an unreplaced Template option (r3-ref-001) or
    upper case (r3-ref-002). This names the cause, whatever else the attempt then printed
    (Codespaces' outcome line, a failed `docker inspect`)."""
    lines = [line for line in attempt if _BAD_REFERENCE.search(line)]
    if not lines:
        return None
    refs = [m.group(1) for line in attempt for m in [_QUOTED_REF.search(line)] if m]
    refs += [m.group(1) for line in attempt for m in [_COMMAND_REF.search(line)] if m]
    text = "\n".join(attempt)
    option = _OPTION_RESIDUE.search(text)
    ref = next((r.rstrip(".:") for r in refs if "/" in r or ":" in r), None) or refs[0] \
        if refs else _("the reference")
    if option is not None:
        name = option.group(1) or option.group(2)
        fix = fix_text("IMAGE_REF_INVALID", "ref-template-option", option=name,
                       rebuild=rebuild)
        return Remedy("ref-template-option", fix, explains=NOT_ACCESS, code="IMAGE_REF_INVALID")
    if ref != ref.lower() or "lowercase" in text.lower():
        fix = fix_text("IMAGE_REF_INVALID", "ref-lowercase", ref=ref, lowered=ref.lower(),
                       rebuild=rebuild)
        return Remedy("ref-lowercase", fix, explains=NOT_ACCESS, code="IMAGE_REF_INVALID")
    fix = fix_text("IMAGE_REF_INVALID", "ref-invalid", ref=ref, rebuild=rebuild)
    return Remedy("ref-invalid", fix, explains=NOT_ACCESS, code="IMAGE_REF_INVALID")
