"""The creation-log signatures: which wording means which class of failure.

Each signature is a regular expression over one log line, the literal keywords a matching line
must contain (a fast scan picks the lines worth a regular expression), its class and a hint.
Checked in order: the first signature a line matches gives its class, so the narrower wordings
come before the broad ones (ACR's firewall `denied: client with IP` before a bare `denied`).
The wordings come from real logs; `tests/data/creation-log-corpus.jsonl` holds them with
their sources.
"""

from __future__ import annotations

import re

from tui.i18n import N_
from tui.lazy_pattern import LazyPattern
from tui.record import record

CLASSES: tuple[str, ...] = (
    "auth", "denied", "not-found", "not-an-image", "feature", "rate-limit", "network",
    "firewall", "tls", "blob", "platform", "build",
)
"""The creation-log classes of the SPEC."""

OUTCOME_SIGNATURE = "outcome"
"""Codespaces' own outcome line: proof of a failure, never its cause."""
UNSPECIFIED = "registry-unspecified"
"""A failed registry request whose line names no cause: its lines are quoted, not classed."""
UNCAUSED = frozenset({OUTCOME_SIGNATURE, UNSPECIFIED})
"""Signatures that prove a failure but name no cause."""
ARTIFACT_COLLECTION = LazyPattern(r"(?:^|/)(?:devcontainer-)?(?:templates|features)/", re.I)
"""A reference inside a Template or Feature collection (an OCI artifact, not an image)."""
ARTIFACT_HINT = (N_("the reference names a dev container Template or Feature, an OCI artifact: it "
                 "is not an image"))

REGISTRY, PLATFORM, BUILD, OUTCOME = 3, 2, 1, 0
"""Ranks: a registry cause beats a platform fault, which beats a build step's exit, which
beats Codespaces' own outcome line (it only says that something failed)."""


@record(frozen=True)
class Signature:
    """One log wording: its id, pattern, class, hint and how specific it is."""

    id: str
    pattern: LazyPattern
    klass: str
    hint: str
    rank: int = REGISTRY
    keywords: tuple[str, ...] = ()


def _sig(id: str, pattern: str, klass: str, hint: str, keywords: tuple[str, ...],
         rank: int = REGISTRY) -> Signature:
    return Signature(id, LazyPattern(pattern, re.IGNORECASE), klass, hint, rank, keywords)


_AUTH = (N_("the registry refused the credentials (or none were sent): see the Names & values "
         "and Login steps"))
_DENIED = (N_("the registry refused access to the repository: the credentials (or the codespace's "
           "token) may not pull it, or it does not exist: see the Pull step"))
_NOT_FOUND = (N_("the image or tag does not exist (or is hidden from these credentials): see the "
              "Pull step"))
_PLATFORM_VARIANT = N_("the image has no linux/amd64 variant, which codespaces run: see the "
                       "Pull step")
_NETWORK = N_("the registry cannot be reached from the codespace: see the Login step")
_BUILD = N_("the Dockerfile build failed: not a registry problem")
_PLATFORM = N_("Codespaces or its Docker engine failed, not registry access: nothing in the "
               "secrets")

SIGNATURES: tuple[Signature, ...] = (
    # --- build output that contains registry words: keep it a build failure
    _sig("gpg", r"GPG error|NO_PUBKEY|EXPKEYSIG|KEYEXPIRED", "build",
         N_("a package repository's signing key is missing or expired: not a registry problem"),
         ("gpg error", "no_pubkey", "expkeysig", "keyexpired")),
    # --- network rules, before the denials they are worded as
    _sig("acr-firewall", r"client with IP\b.*\bis not allowed access|aka\.ms/acr/firewall",
         "firewall", N_("the registry's firewall refuses the codespace's address (ACR network "
         "rules): allow it, or make the registry reachable from public networks"),
         ("client with ip", "aka.ms/acr/firewall")),
    _sig("org-policy", r"prohibited by organi[sz]ation'?s policy|vpcServiceControls", "firewall",
         N_("an organisation policy (VPC Service Controls) refuses the codespace's network"),
         ("prohibited by organization", "prohibited by organisation", "vpcservicecontrols")),
    _sig("html-403", r"error parsing HTTP 403 response body: invalid character '(?:<|ï)'"
         r"|<Code>AuthorizationFailure</Code>", "firewall",
         N_("a 403 page that is not the registry's (a proxy, firewall or storage network rule) "
         "refuses the codespace"), ("error parsing http 403 response body",
                                   "authorizationfailure")),
    _sig("private-endpoint", r"private (?:endpoint|link)|public network access is disabled"
         r"|not allowed by (?:the )?(?:network|firewall) rules?", "firewall",
         N_("the registry only accepts private-network clients: a codespace cannot reach it"),
         ("private endpoint", "private link", "public network access",
          "not allowed by the network", "not allowed by network", "not allowed by firewall",
          "not allowed by the firewall")),
    # --- what the dev containers CLI says of Features and artifacts
    _sig("cli-oci", r"\[httpOci\].*(?:ERR|Could not|Failed|failed)|Failed to download package for"
         r"|Failed to parse manifest|Falling back to deprecated GitHub Release syntax",
         "feature", N_("a dev container Feature could not be fetched (the CLI's OCI client "
         "failed): see the Context and Names & values steps"),
         ("[httpoci]", "failed to download package for", "failed to parse manifest",
          "deprecated github release syntax")),
    _sig("feature", r"(?:could not|couldn't|failed to) (?:resolve|fetch|process|download|"
         r"get|pull)[^.]{0,40}\bfeatures?\b|\bfeatures?\b[^.]{0,80}(?:could not be|not found|"
         r"failed)", "feature",
         N_("a dev container Feature could not be fetched: see the Context and Names & values "
         "steps"), ("feature",)),
    _sig("devcontainers-artifact", r"application/vnd\.devcontainers|vnd\.cncf\.helm"
         r"|unsupported media ?type|unknown media ?type|not a (?:valid )?(?:container )?image\b",
         "not-an-image", N_("the reference names an OCI artifact (a Template, Feature or chart), "
         "not an image"), ("vnd.devcontainers", "vnd.cncf.helm", "media type", "mediatype",
                          "not a valid image", "not a container image", "not a image",
                          "not a valid container image")),
    # --- credentials
    _sig("no-basic-auth", r"no basic auth credentials?", "auth",
         N_("no credentials were sent for that registry host: no secret set names it as docker "
         "looks it up"), ("no basic auth credential",)),
    _sig("ecr-token-expired", r"Authorization Token has expired|invalid character 'Y'"
         r"|token has expired", "auth",
         N_("the ECR registry token has expired: see the ECR step"),
         ("authorization token has expired", "invalid character 'y'", "token has expired")),
    _sig("aws-key-invalid", r"security token included in the request is invalid"
         r"|UnrecognizedClientException|InvalidSignatureException|signature we calculated does "
         r"not match", "auth", N_("AWS refused the access key: see the ECR step"),
         ("security token included", "unrecognizedclientexception",
          "invalidsignatureexception", "signature we calculated")),
    _sig("ecr-permission", r"not authorized to perform:?\s*ecr:", "denied",
         N_("the AWS key lacks an ECR permission: see the ECR step"),
         ("not authorized to perform",)),
    _sig("ghcr-scope", r"does not match expected scopes|read_package", "denied",
         N_("the token lacks the `read:packages` scope (fine-grained tokens cannot read GHCR)"),
         ("expected scopes", "read_package")),
    _sig("rate-limit", r"toomanyrequests|Too Many Requests|pull rate limit"
         r"|rate limit exceeded", "rate-limit",
         N_("Docker Hub's pull rate limit: sign in with a Docker Hub secret set (see the Login "
         "step)"), ("toomanyrequests", "too many requests", "pull rate limit",
                   "rate limit exceeded")),
    _sig("unauthorized", r"incorrect username or password|invalid username(?: or |/)password"
         r"|authentication required|\b401 Unauthorized|(?:status|code)[: ]+401\b|:\s*unauthorized\b"
         r"|unauthorized:|^unauthorized"
         r"|failed to (?:fetch|authorize)[^:]*(?:anonymous )?token", "auth", _AUTH,
         ("incorrect username", "invalid username", "authentication required", "401",
          "unauthorized", "token")),
    _sig("platform-mismatch", r"no matching manifest for|does not match the specified platform"
         r"|no match for platform in manifest", "not-found", _PLATFORM_VARIANT,
         ("no matching manifest", "specified platform", "no match for platform")),
    # --- the engine's disk is full: whatever layer it was writing
    _sig("disk-full", r"no space left on device|disk quota exceeded", "platform",
         N_("the codespace's disk is full while unpacking the image: not registry access"),
         ("no space left", "disk quota exceeded")),
    _sig("tls", r"x509:|certificate signed by unknown authority|tls: failed to verify"
         r"|self[- ]signed certificate|certificate has expired|certificate verify failed"
         r"|SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT"
         r"|CERT_HAS_EXPIRED|ERR_TLS_CERT", "tls",
         N_("the registry's TLS certificate is not trusted: see the Login step"),
         ("x509:", "unknown authority", "tls: failed to verify", "self_signed_cert",
          "self signed certificate", "self-signed certificate", "certificate has expired",
          "certificate verify failed",
          "unable_to_verify_leaf_signature", "unable_to_get_issuer_cert", "cert_has_expired",
          "err_tls_cert")),
    _sig("network", r"no such host|i/o timeout|connection refused|Client\.Timeout exceeded"
         r"|TLS handshake timeout|connection reset by peer|context deadline exceeded"
         r"|network is unreachable|no route to host|Temporary failure in name resolution"
         r"|\b(?:ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET)\b"
         r"|server misbehaving|https?://\S+\"?:\s*EOF\s*$|\bconnectex\b"
         r"|connection attempt failed|has no HTTPS proxy", "network", _NETWORK,
         ("no such host", "i/o timeout", "connection refused", "client.timeout exceeded",
          "tls handshake timeout", "connection reset", "context deadline exceeded",
          "network is unreachable", "no route to host", "name resolution", "enotfound",
          "eai_again", "etimedout", "econnrefused", "econnreset", "server misbehaving", "eof",
          "connectex", "connection attempt failed", "no https proxy")),
    # --- layers: the manifest read, a blob did not (a TLS or network cause named above wins)
    _sig("blob", r"httpReadSeeker|failed to copy:|unexpected EOF|download failed after"
         r"|failed to register layer|blob unknown|unknown blob|error pulling image configuration"
         r"|failed commit on ref \"(?:layer|config)-|failed to (?:extract|apply) layer"
         r"|filesystem layer verification failed|short read", "blob",
         N_("the manifest was read but a layer download failed: a storage host may be blocked "
         "or the connection cut; see the Pull step"),
         ("httpreadseeker", "failed to copy:", "unexpected eof", "download failed after",
          "failed to register layer", "blob unknown", "unknown blob",
          "error pulling image configuration",
          "failed commit on ref", "failed to extract layer", "failed to apply layer",
          "layer verification failed", "short read")),
    # --- the dev containers CLI's fallback line: it says this whenever it cannot read a
    # manifest (auth, network, a Template), then runs docker pull, whose own error decides
    _sig("cli-no-manifest", r"no manifest found for", "not-found", _NOT_FOUND,
         ("no manifest found",), rank=BUILD),
    # --- repository or tag missing
    _sig("not-found", r"manifest ?unknown|manifest for \S+ not found|name unknown"
         r"|repository name not known|not found: manifest"
         r"|failed to resolve reference[^:]*:[^:]*: not found|:\s*not found\s*$"
         r"|\b404 Not Found\b|\bimage \S+ not found", "not-found", _NOT_FOUND,
         ("manifest unknown", "manifestunknown", "manifest for ", "name unknown",
          "no manifest found", "repository name not known", "not found")),
    # --- access refused (after not-found: docker's "pull access denied" blurs both)
    _sig("denied", r"denied: requested access to the resource is denied|pull access denied for"
         r"|(?:status|code)[: ]+403\b|HTTP/[\d.]+ 403\b|permission_denied|insufficient_scope"
         r"|(?:^|:\s*)denied\.?\s*(?::|$)"
         r"|access (?:is )?denied|do not have permission \"?[a-z]+\.[a-z.]*(?:download|get|pull)"
         r"|\bforbidden\b|does not exist or no pull access"
         r"|\"message\"\s*:\s*\"denied\"", "denied", _DENIED,
         ("denied", "403", "insufficient_scope", "forbidden", "no pull access",
          "do not have permission")),
    # --- a registry request failed, and the line does not say why (or the registry broke)
    _sig(UNSPECIFIED, r"received unexpected HTTP status: 5\d\d|\b50[0234] (?:Service Unavailable|"
         r"Internal Server Error|Bad Gateway|Gateway Time-?out)\b|failed to resolve source "
         r"metadata for|load metadata for", "unknown",
         N_("a registry request failed without a known cause"), ("unexpected http status", "500 ",
                                                            "502 ", "503 ", "504 ",
                                                            "source metadata", "load metadata"),
         rank=PLATFORM),
    # --- the platform itself
    _sig("platform", r"Cannot connect to the Docker daemon"
         r"|Is the docker daemon running|OCI runtime (?:create|exec|start) failed"
         r"|failed to create shim|error creating overlay mount|devmapper"
         r"|Internal error occurred|unexpected internal error"
         r"|Command failed: docker inspect|docker inspect[^\n]*(?:failed|exit code)"
         r"|Command failed: docker pull (?:mcr\.microsoft\.com|public\.ecr\.aws|registry\.k8s\.io)/"
         r"|Error: No such container",
         "platform", _PLATFORM,
         ("docker daemon", "oci runtime", "failed to create shim",
          "overlay mount", "devmapper", "internal error", "docker inspect", "docker pull",
          "no such container"), rank=PLATFORM),
    # --- the build's own steps
    _sig("apt", r"^(?:\S+\s+)?E: (?:The repository|Failed to fetch|Unable to locate package"
         r"|Package \S+ has no installation candidate|Some index files failed|Version '[^']*' "
         r"for '[^']*' was not found)", "build", N_("a package install in the Dockerfile failed: "
         "not a registry problem"), ("e: ",), rank=BUILD),
    _sig("build-command", r"Command failed: docker (?:buildx )?build\b|Stop \(\d+ ms\): Run: "
         r"docker (?:buildx )?build", "build", _BUILD,
         ("command failed: docker build", "command failed: docker buildx build"), rank=BUILD),
    _sig("build-output", r"^(?:\d{4}-\d\d-\d\d[ T][0-9:.]+Z?:?\s+)?#\d+\s+\d+(?:\.\d+)?\s.*"
         r"(?:\bErr:\d|\bE: |\bERROR\b|\berror:|\bfailed\b)", "build", _BUILD,
         ("err:", "e: ", "error", "failed"), rank=BUILD),
    _sig("build-step", r"failed to solve|did not complete successfully|exit code: \d+"
         r"|returned a non-zero code|failed to compute cache key|dockerfile parse error",
         "build", _BUILD,
         ("failed to solve", "did not complete successfully", "exit code:",
          "returned a non-zero code", "failed to compute cache key", "dockerfile parse error"),
         rank=BUILD),
    # --- Codespaces' outcome: a failure, cause elsewhere
    _sig(OUTCOME_SIGNATURE, r"UnifiedContainersError\w*|\"outcome\"\s*:\s*\"error\""
         r"|Error Code:\s*\d+|An error occurred setting up the container",
         "platform", N_("Codespaces could not set up the container; no earlier line names why"),
         ("unifiedcontainerserror", "\"outcome\"", "error code:", "an error occurred setting up"),
         rank=OUTCOME),
)
"""Checked in order: the first signature a line matches gives its class."""

KEYWORDS: tuple[str, ...] = tuple(sorted({k for s in SIGNATURES for k in s.keywords}))
"""Every signature's pattern needs one of these (lowercase) literals in the line."""

BUILD_OUTPUT = LazyPattern(
    r"^(?:\d{4}-\d\d-\d\d[ T][0-9:.]+Z?:?\s+|\[\d{4}-\d\d-\d\dT[0-9:.]+Z\]\s+)?"
    r"(?:#\d+\s+\d+(?:\.\d+)?\s|(?:E|W|Err|Ign):"
    r"|npm ERR!|Step \d+/\d+ :)"
)
"""Lines a Dockerfile's own commands print: BuildKit `#8 12.3 …` step output, apt `E: …`."""

_REFERENCE = r"[A-Za-z0-9][A-Za-z0-9._\-/:@]*[A-Za-z0-9_]"
_NAMED = (
    LazyPattern(r"(?:resolve|fetch|process|download|get|pull)\w*\s+feature[s]?\s*:?\s*['\"]?"
                r"(" + _REFERENCE + ")", re.IGNORECASE),
    LazyPattern(r"feature\s+['\"](" + _REFERENCE + ")['\"]", re.IGNORECASE),
    LazyPattern(r"manifest for (" + _REFERENCE + r") not found", re.IGNORECASE),
    LazyPattern(r"pull access denied for (" + _REFERENCE + ")", re.IGNORECASE),
    LazyPattern(r"no manifest found for (" + _REFERENCE + ")", re.IGNORECASE),
    LazyPattern(r"failed to (?:resolve|do request|fetch)[^\"']*?(?:source metadata for|"
                r"reference)\s*['\"]?(" + _REFERENCE + ")", re.IGNORECASE),
    LazyPattern(r"https?://([A-Za-z0-9.\-:]+)/v2/([A-Za-z0-9._\-/]+?)/(?:manifests|blobs)/"
                r"([A-Za-z0-9._\-:]+)"),
    LazyPattern(r"(?:image|pulling|pull)\s+['\"]?(" + _REFERENCE + ")['\"]?", re.IGNORECASE),
)


def named_reference(line: str) -> str | None:
    """The image or Feature reference a failure line names, or None."""
    for pattern in _NAMED:
        found = pattern.search(line)
        if found is None:
            continue
        if found.lastindex == 3:  # a /v2/ URL: host, repository, tag or digest
            host, repository, reference = found.groups()
            joiner = "@" if reference.startswith("sha256:") else ":"
            return f"{host}/{repository}{joiner}{reference}"
        value = found.group(1).rstrip(":")
        if "/" in value or ":" in value:
            return value
    return None
