"""Every finding code: default severity, step, title, what it means and the usual fix.

The single source for `registry-doctor explain CODE`, `docs/findings.md` and the defaults of
every finding the checks raise.
"""

from __future__ import annotations

from tui.i18n import _
from tui.model import Finding, Severity
from tui.record import record


@record(frozen=True)
class CodeInfo:
    """The catalogue entry of one finding code."""

    code: str
    severity: Severity
    step: str
    title: str
    meaning: str
    fix: str


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_GH_SET = (
    "Set it again with `gh secret set NAME --user --repos OWNER/REPO` (user secret; the value "
    "is read from standard input) or `gh secret set NAME --app codespaces` (repository secret), "
    "then stop and start the codespace."
)

_ENTRIES: list[CodeInfo] = [
    # --- context
    CodeInfo("RECOVERY_MODE", I, "context", "The codespace runs in a recovery container",
             "The dev container image could not be built or pulled, so Codespaces started a "
             "fallback Alpine container. The recovery reason says why.",
             "Fix the cause named by the other findings, then rebuild with "
             "`Codespaces: Rebuild Container` (or `gh codespace rebuild`)."),
    CodeInfo("CREATION_LOG_ERROR", E, "context", "The creation log shows why the image failed",
             "The codespace creation log has a line that explains the failure. The class "
             "(auth, denied, not-found, not-an-image, feature, rate-limit, network, firewall, tls, blob, platform, build) tells which step to look at.",
             "Follow the step the class points to; a `build` class is not a registry problem: "
             "fix the Dockerfile or its package sources."),
    CodeInfo("CREATION_LOG_UNCLASSIFIED", W, "context",
             "The creation log shows a failure no signature knows",
             "The creation log has failing lines (errors before `Creating recovery container`) "
             "that match none of the known registry, build or platform signatures. In recovery "
             "mode this is an error when no other finding explains the failure: the codespace "
             "is broken even though the checks found nothing.",
             "Read the quoted lines (and the whole log: `gh codespace logs -c NAME`); if they "
             "name a registry, run the check with `--image REF` for that image. Report the "
             "line to registry-doctor so a signature can be added."),
    CodeInfo("CODESPACES_PLATFORM_FAULT", W, "context",
             "The failure is outside registry access",
             "The creation log shows a failure of Codespaces itself (an internal error code, "
             "`docker inspect` failing on an image that pulled, a container that could not be "
             "created), not of registry credentials. Nothing in the secrets needs to change.",
             "Rebuild the container (`gh codespace rebuild -c NAME`); if it fails again, "
             "delete and recreate the codespace, or create it in another region."),
    CodeInfo("IMAGE_REF_INVALID", E, "context", "An image reference cannot be what was meant",
             "The reference is only a registry host (docker would read it as a Docker Hub "
             "library image of that name), still holds an unreplaced `${templateOption:…}`, or "
             "names a dev container Template or Feature, which are OCI artifacts, not images.",
             "Name the full image, `HOST/REPOSITORY:TAG`, in devcontainer.json (`image`), the "
             "Dockerfile's `FROM` or the compose service; Features belong under `features`."),
    CodeInfo("FEATURE_UNREACHABLE", E, "context", "A dev container Feature cannot be resolved",
             "The dev containers CLI could not fetch a Feature named in devcontainer.json: its "
             "package is private and not granted, it does not exist, or its registry refused.",
             "Check the Feature's id and version; for a GHCR Feature grant this repository "
             "access to the package (or make it public); for another registry add a secret set "
             "for its host."),
    CodeInfo("DEVCONTAINER_NOT_FOUND", I, "context", "No devcontainer configuration found",
             "Neither `.devcontainer/devcontainer.json`, `.devcontainer.json` nor "
             "`.devcontainer/*/devcontainer.json` exists in the workspace.",
             "Run from the repository checkout (`--workspace DIR`) or name the image with "
             "`--image REF`."),
    CodeInfo("DEVCONTAINER_INVALID", E, "context", "devcontainer.json cannot be parsed",
             "The file is not valid JSON with comments; Codespaces cannot read it either.",
             "Fix the syntax at the line shown; `image`, `build` or `dockerComposeFile` must be "
             "a top-level key."),
    CodeInfo("DEVCONTAINER_UNCHECKED", W, "context",
             "Part of the dev container configuration could not be checked yet",
             "A file or folder the configuration needs (a compose file, an include or its "
             "`env_file`, a build context, a Dockerfile) does not exist in the checkout, and "
             "the configuration has an `initializeCommand`, which runs on the host before "
             "anything is built and may create it. What it would hold could not be checked.",
             "Nothing to fix if `initializeCommand` creates it; otherwise create the file or "
             "folder, or correct the path in devcontainer.json or the compose file."),
    CodeInfo("DOCKER_DAEMON_UNAVAILABLE", I, "context", "No Docker daemon answers",
             "No Docker daemon is reachable (usual in a recovery container). The login and "
             "pull checks talk to the registry directly instead.",
             "Nothing to do: the daemon-less checks cover what `docker login` would."),
    CodeInfo("INTERNAL_ERROR", E, "context", "A check itself failed",
             "A check raised an unexpected error. The other checks still ran.",
             "Report it with the redacted report (`registry-doctor check --report FILE`)."),
    # --- secrets
    CodeInfo("NO_REGISTRY_SECRETS", E, "secrets", "No registry secrets found",
             "No `<*>_CONTAINER_REGISTRY_SERVER/USER/PASSWORD` variables are set. Images outside "
             "GHCR that are not public cannot be pulled without them.",
             "Create the three secrets (Settings → Codespaces → Secrets, or `gh secret set "
             "NAME --user --repos OWNER/REPO`), assign user/org secrets to this repository, "
             "then stop and start the codespace."),
    CodeInfo("SECRET_SET_INCOMPLETE", E, "secrets", "A secret set lacks SERVER, USER or PASSWORD",
             "Codespaces only uses a set when all three variables share one identifier.",
             "Add the missing variable with the same identifier. " + _GH_SET),
    CodeInfo("SECRET_EMPTY", E, "secrets", "A secret value is empty",
             "The variable exists but holds nothing.",
             "Set the value again. " + _GH_SET),
    CodeInfo("SECRETS_NOT_LOADED", E, "secrets", "Secrets exist but are not loaded",
             "The secret is in Codespaces' `.env-secrets` but not in this environment: the "
             "codespace (or this terminal) started before the secret was added or changed.",
             "Stop and start the codespace (`gh codespace stop -c NAME`, then open it again); "
             "a new terminal is not enough for the image pull."),
    CodeInfo("SECRETS_FILE_UNREADABLE", W, "secrets", "A secrets file cannot be read",
             "The `--env-file` or Codespaces' `shared/.env-secrets` is missing, unreadable, not "
             "UTF-8, or has lines that do not parse; the variables in it were not checked.",
             "Fix the file at the place named (a bad line is named by number only: it may hold a secret), "
             "or pass the right path with `--env-file PATH`, then run `registry-doctor check` again."),
    # --- naming
    CodeInfo("SECRET_NAME_MISSPELLED", E, "naming", "A secret name is off the pattern",
             "The name is close to `<*>_CONTAINER_REGISTRY_SERVER/USER/PASSWORD` but not on it, "
             "so Codespaces ignores it.",
             "Create the secret under the intended name and delete the old one "
             "(`gh secret delete OLD_NAME --user`)."),
    CodeInfo("SECRET_PREFIX_MISMATCH", E, "naming", "Secret identifiers differ within one set",
             "Partial sets with different identifiers together make one set; Codespaces needs "
             "the three names to share one identifier.",
             "Rename the odd ones out to the common identifier."),
    CodeInfo("SECRET_PREFIX_MISSING", W, "naming", "A secret has no identifier",
             "`CONTAINER_REGISTRY_*` with nothing before it does not match `<*>_CONTAINER_REGISTRY_*`.",
             "Add an identifier, e.g. `ACR_CONTAINER_REGISTRY_SERVER`."),
    CodeInfo("SECRET_SERVER_DUPLICATE", W, "naming", "Two secret sets name the same registry",
             "Only one set's credentials are used for a registry; which one is not defined.",
             "Delete the set you do not need."),
    CodeInfo("SECRET_VALUE_WHITESPACE", E, "naming", "A secret value has stray whitespace",
             "Leading/trailing spaces, a tab, CR or LF (usually from copy-paste) become part of "
             "the credential, and the registry rejects it.",
             "Set the value again without the whitespace: run `gh secret set NAME ...` and "
             "paste the value at its prompt (never on the command line). If a password really "
             "ends (or starts) with a space, set a new password without one at the registry "
             "and store that instead."),
    CodeInfo("SECRET_VALUE_QUOTED", E, "naming", "A secret value is wrapped in quotes",
             "The quotes are stored as part of the value.",
             "Set the value again without the quotes."),
    CodeInfo("SERVER_INVALID", E, "naming", "The server is not a host[:port]",
             "The server value has spaces, illegal characters or an empty host.",
             "Set `<*>_CONTAINER_REGISTRY_SERVER` to the registry's host name, e.g. `myco.azurecr.io`."),
    CodeInfo("SERVER_HAS_SCHEME", W, "naming", "The server has a scheme",
             "Docker stores credentials under the bare host (`https://` is only right for "
             "Docker Hub's documented `https://index.docker.io/v1/`).",
             "Set the server to the bare host[:port]."),
    CodeInfo("SERVER_HAS_PATH", W, "naming", "The server has a path, repository or tag",
             "Credentials are looked up by host only; the path is not part of the server.",
             "Set the server to the bare host[:port]."),
    CodeInfo("DOCKERHUB_SERVER_VALUE", E, "naming", "Docker Hub is named by the wrong value",
             "Docker looks up Docker Hub credentials only under `https://index.docker.io/v1/`; "
             "`docker.io`, `hub.docker.com` or `registry-1.docker.io` are never used, and the "
             "pull goes out anonymously.",
             "Set the server to exactly `https://index.docker.io/v1/`."),
    CodeInfo("DOCKERHUB_USER_IS_EMAIL", W, "naming", "Docker Hub user is an e-mail address",
             "Docker Hub expects the Docker ID (user name), not the e-mail.",
             "Set USER to your Docker ID and PASSWORD to a personal access token."),
    CodeInfo("GHCR_SECRETS_UNNEEDED", I, "naming", "GHCR needs no secrets",
             "Codespaces pulls GHCR images with its own token when the package grants this "
             "repository access; the secret set is not used for that.",
             "Grant the repository access in the package settings (Manage Codespaces access)."),
    CodeInfo("GHCR_FINE_GRAINED_TOKEN", E, "naming", "A fine-grained token for ghcr.io",
             "GHCR accepts classic personal tokens with `read:packages`; fine-grained tokens "
             "(`github_pat_`) are refused.",
             "Create a classic token with `read:packages` and set it as the PASSWORD."),
    CodeInfo("ECR_SERVER_INVALID", E, "naming", "Not a valid ECR registry URL",
             "An ECR server must be `<12-digit account>.dkr.ecr.<region>.amazonaws.com`.",
             "Copy the registry URL from the ECR console (View push commands)."),
    CodeInfo("ECR_TEMPORARY_KEY", E, "naming", "Temporary AWS key (ASIA…)",
             "Temporary keys need a session token, which no secret carries: the swap fails.",
             "Create a long-lived access key for an IAM user (AKIA…) with pull rights."),
    CodeInfo("ECR_KEY_FORMAT", W, "naming", "AWS key does not look right",
             "USER should be `AWS` or a 20-character `AKIA` key id; PASSWORD a 40-character "
             "secret key.",
             "Copy the key id and secret key again from the IAM console."),
    CodeInfo("ECR_CREDENTIALS_SWAPPED", E, "naming", "USER and PASSWORD look exchanged",
             "The key id is in PASSWORD and the secret key in USER.",
             "Swap the two values."),
    CodeInfo("ECR_TOKEN_EXPIRED", E, "naming", "The ECR token has expired",
             "USER is `AWS` and the registry token's expiry is past (tokens last 12 hours).",
             "Use an access key id and secret key instead, or set a fresh token."),
    CodeInfo("ECR_TOKEN_SHORT_LIVED", W, "naming", "An ECR token lasts 12 hours at most",
             "USER is `AWS`: the codespace breaks again when the token expires.",
             "Prefer an IAM user's access key id and secret key; GitHub swaps them at each start."),
    CodeInfo("GCR_JSON_KEY_INVALID", E, "naming", "Not a service-account key",
             "With USER `_json_key` the PASSWORD must be the key JSON; with `_json_key_base64` "
             "its base64.",
             "Download the service-account key again and set it unchanged."),
    CodeInfo("IMAGE_REGISTRY_UNCOVERED", E, "naming", "No secret set for the image's registry",
             "The image is in a private registry (not GHCR) and no secret set names it: the "
             "pull is anonymous.",
             "Create a secret set whose SERVER is the image's registry (for Docker Hub, "
             "`https://index.docker.io/v1/`)."),
    CodeInfo("IMAGE_SERVER_NEAR_MISS", E, "naming", "A secret names almost the image's registry",
             "The server differs from the image's registry by case, port, a typo or `www.`, so "
             "its credentials are never used.",
             "Set the server to the image's registry host exactly (for Docker Hub, "
             "`https://index.docker.io/v1/`)."),
    # --- github
    CodeInfo("GITHUB_TOKEN_UNAVAILABLE", I, "github", "No GitHub token to ask GitHub's API with",
             "The GitHub step asks GitHub what the codespace cannot see from inside (which "
             "secrets exist, whom they are granted to, a package's visibility). It looks for a "
             "token in GH_TOKEN, then GITHUB_TOKEN, then `gh auth token`; none gave one, so the "
             "step was skipped. The other steps do not need it.",
             "Log in with the scopes the questions need, then run again with that token: "
             "`unset GITHUB_TOKEN; gh auth login -s codespace,read:packages`, then "
             "`GH_TOKEN=$(gh auth token) registry-doctor`."),
    CodeInfo("GITHUB_TOKEN_SCOPE", W, "github", "The GitHub token may not ask every question",
             "The token lacks a scope or permission one of the GitHub step's questions needs "
             "(a codespace's own GITHUB_TOKEN is scoped to its repository and cannot list "
             "secrets); those questions were not asked.",
             "Add the scopes: `gh auth refresh -s codespace:secrets,read:packages`, then run "
             "`GH_TOKEN=$(gh auth token) registry-doctor`."),
    CodeInfo("GITHUB_API_UNREACHABLE", W, "github", "GitHub's API does not answer",
             "The API at GITHUB_API_URL did not answer within the bound, or refused the token "
             "(401: expired or revoked).",
             "Check the network and GITHUB_API_URL; for a refused token log in again with "
             "`gh auth login -s codespace,read:packages`."),
    CodeInfo("SECRET_NOT_GRANTED", E, "github", "A secret exists on GitHub but is not granted here",
             "A user or organization secret of a set exists on GitHub but does not reach this "
             "repository: its visibility is `selected` without this repository, or `private` "
             "while the repository is public.",
             "Grant it: `gh secret set NAME --user --repos OWNER/REPO` (user secret; the value "
             "is read from standard input) or the secret's settings page (organization), then "
             "stop and start the codespace."),
    CodeInfo("SECRET_CHANGED_AFTER_START", W, "github",
             "A secret changed after this codespace started",
             "A secret of a set was created or changed on GitHub after this codespace last "
             "started; secrets reach a codespace only when it starts. An error when the set "
             "did not reach this codespace.",
             "Stop and start the codespace (`gh codespace stop -c NAME`, then open it again)."),
    CodeInfo("SECRETS_WITHHELD", E, "github", "GitHub gives no secrets to this codespace",
             "Codespaces withholds secrets when the codespace's user lacks write access to the "
             "repository, or when the codespace was created from a fork's pull request.",
             "Ask for write access to the repository, or create the codespace from a branch of "
             "the repository itself rather than from a fork's pull request."),
    CodeInfo("SECRET_ONLY_ON_GITHUB", E, "github", "A set's secrets exist only on GitHub",
             "The secrets of a set exist on GitHub, but none reached this codespace, and no "
             "other cause (grant, change after start) explains it.",
             "Check the secrets' names and grants with `gh secret list --user` and "
             "`gh secret list --app codespaces`, then stop and start the codespace."),
    CodeInfo("GHCR_INTERNAL_PUBLIC_REPO", E, "github",
             "An internal GHCR image for a public repository",
             "The image's GHCR package is internal (or private) and the codespace's repository "
             "is public: internal visibility does not reach codespaces of public repositories.",
             "In the package's settings, under \"Manage Codespaces access\", add the repository "
             "with read access."),
    # --- login
    CodeInfo("DNS_FAILED", E, "login", "The registry host does not resolve",
             "DNS has no address for the host: a typo, or a name only a private network knows.",
             "Check the spelling of the server; codespaces resolve public DNS only."),
    CodeInfo("DNS_PRIVATE_ADDRESS", W, "login", "The registry resolves to a private address",
             "Codespaces cannot reach private networks.",
             "Expose the registry publicly (with an IP allow list) or use a public registry."),
    CodeInfo("CONNECT_REFUSED", E, "login", "The connection is refused",
             "Nothing listens on that host and port.",
             "Check the port in the server value and that the registry is running."),
    CodeInfo("CONNECT_TIMEOUT", E, "login", "The connection times out",
             "No answer to the connection attempt: a firewall drops it.",
             "Allow the codespace's addresses in the registry's firewall."),
    CodeInfo("TLS_UNTRUSTED", E, "login", "The certificate is not trusted",
             "The certificate is not signed by a trusted authority.",
             "Use a certificate from a public authority."),
    CodeInfo("TLS_EXPIRED", E, "login", "The certificate has expired",
             "The registry's certificate is past its validity.",
             "Renew the registry's certificate."),
    CodeInfo("TLS_HOSTNAME_MISMATCH", E, "login", "The certificate is for another host",
             "The certificate does not name the registry host.",
             "Use the host name the certificate names, or fix the certificate."),
    CodeInfo("TLS_NOT_TLS", E, "login", "The server does not speak TLS",
             "The port answers plain HTTP (or something else) where HTTPS was expected.",
             "Serve the registry over HTTPS; Codespaces pulls over HTTPS only."),
    CodeInfo("NOT_A_REGISTRY", E, "login", "The server is not a registry",
             "`/v2/` does not answer as a Docker/OCI registry.",
             "Set the server to the registry's host, not a web page or portal."),
    CodeInfo("REGISTRY_FORBIDDEN", E, "login", "The registry forbids access before login",
             "403 before any credentials: a firewall or IP rule.",
             "Allow the codespace's addresses in the registry's network rules."),
    CodeInfo("LOGIN_UNAUTHORIZED", E, "login", "The registry rejects the credentials",
             "The user name or password is wrong, or the token has expired or lacks scope.",
             "Set USER and PASSWORD again. " + _GH_SET),
    CodeInfo("TOKEN_SERVICE_FAILED", E, "login", "The token service fails",
             "The token service named in the registry's challenge fails or cannot be reached.",
             "Check the registry's status; if it is yours, its token service."),
    CodeInfo("RATE_LIMITED", E, "login", "Rate limited (429)",
             "The registry refuses requests for a while.",
             "Wait for the time shown, or authenticate to get a higher limit."),
    CodeInfo("REGISTRY_ERROR", E, "login", "The registry answers with a server error",
             "5xx from the registry.",
             "Retry later; check the registry's status page."),
    CodeInfo("REGISTRY_SLOW", E, "login", "The registry does not answer in time",
             "No answer within the step's bound.",
             "Retry later, or raise `--timeout` to see if it answers at all."),
    # --- pull
    CodeInfo("PULL_DENIED", E, "pull", "No pull right on the repository",
             "The credentials log in but may not pull this repository.",
             "Grant the user pull (read) access to the repository."),
    CodeInfo("IMAGE_NOT_FOUND", E, "pull", "Repository or tag not found",
             "The registry has no such repository or tag.",
             "Fix the image reference in devcontainer.json, or push the image."),
    CodeInfo("PLATFORM_MISSING", E, "pull", "The image lacks the codespace's platform",
             "The image index has no `linux/amd64` (or the codespace's architecture) entry.",
             "Build and push the image for linux/amd64 (`docker buildx build --platform linux/amd64`)."),
    CodeInfo("IMAGE_NOT_AN_IMAGE", E, "pull", "The reference is an OCI artifact, not an image",
             "The manifest's media types say this is not a container image: a dev container "
             "Template or Feature (`application/vnd.devcontainers…`), a Helm chart or another "
             "artifact. Docker cannot run it.",
             "Use an image reference; a Feature goes under `features` in devcontainer.json, a "
             "Template is applied with `devcontainer templates apply` (or the editor), not "
             "pulled."),
    CodeInfo("BLOB_UNREACHABLE", E, "pull", "A layer cannot be fetched",
             "The manifest reads but a layer does not: the storage host is blocked or failing.",
             "Allow the registry's storage host in the firewall."),
    CodeInfo("GHCR_PACKAGE_ACCESS", E, "pull", "This codespace cannot read the GHCR package",
             "The package does not grant this repository access. When the GitHub step could "
             "read the package and the repository, the finding names the case from their "
             "visibility and link (public repository and internal image; same repository "
             "without inherited access; not in the access list); otherwise it lists the "
             "possible cases.",
             "In the package settings, Manage Codespaces access: add this repository."),
    CodeInfo("DOCKER_LOGIN_FAILED", E, "pull", "The Docker daemon's login fails",
             "The daemon path disagrees with the daemon-less check.",
             "Read the daemon's message; check its proxy and registry settings."),
    CodeInfo("DOCKER_PULL_FAILED", E, "pull", "The Docker daemon's pull fails",
             "The daemon path disagrees with the daemon-less check.",
             "Read the daemon's message; check its proxy, mirror and registry settings."),
    # --- ecr
    CodeInfo("AWS_KEY_INVALID", E, "ecr", "The AWS key is not valid",
             "The key id is unknown, or the secret key does not match it.",
             "Create a new access key for the IAM user and set both secrets."),
    CodeInfo("AWS_UNREACHABLE", E, "ecr", "AWS cannot be reached",
             "The AWS endpoint did not answer within the bound.",
             "Retry; check the region in the server value."),
    CodeInfo("AWS_ACCOUNT_MISMATCH", W, "ecr", "The key belongs to another AWS account",
             "The key's account differs from the registry's: a repository policy must allow it.",
             "Add a repository policy allowing the key's user to pull."),
    CodeInfo("ECR_PERMISSION_MISSING", E, "ecr", "The key lacks ECR pull rights",
             "GitHub swaps the access key for a 12-hour registry token at each codespace start "
             "(`ecr:GetAuthorizationToken`, granted on `\"Resource\": \"*\"`); the pull then needs "
             "`ecr:BatchGetImage` (manifest) and `ecr:GetDownloadUrlForLayer` (layers) on the "
             "repository. `sts:GetServiceBearerToken` (ECR Public, CodeArtifact), "
             "`ecr:BatchCheckLayerAvailability` (push side) and `Describe*` are not needed for "
             "private ECR.",
             "Attach the least-privilege policy (filled in by the check) to the key's IAM user: "
             "IAM → Users → U → Add permissions → Create inline policy → JSON, or save it as "
             "policy.json and run `aws iam put-user-policy --user-name U "
             "--policy-name registry-doctor-pull --policy-document file://policy.json`; then stop "
             "and start the codespace."),
    CodeInfo("ECR_REPOSITORY_NOT_FOUND", E, "ecr", "The ECR repository does not exist",
             "No repository of that name in that account and region.",
             "Check the repository name and the region in the server value."),
]

CATALOGUE: dict[str, CodeInfo] = {entry.code: entry for entry in _ENTRIES}

ACTOR_BY_CODE: dict[str, str] = {
    "CODESPACES_PLATFORM_FAULT": "github",
    "GHCR_PACKAGE_ACCESS": "package-admin",
    "GHCR_INTERNAL_PUBLIC_REPO": "package-admin",
    "PULL_DENIED": "registry-admin",
    "REGISTRY_FORBIDDEN": "registry-admin",
    "CONNECT_TIMEOUT": "registry-admin",
    "TLS_UNTRUSTED": "registry-admin",
    "TLS_EXPIRED": "registry-admin",
    "TLS_HOSTNAME_MISMATCH": "registry-admin",
    "TLS_NOT_TLS": "registry-admin",
    "TOKEN_SERVICE_FAILED": "registry-admin",
    "REGISTRY_ERROR": "registry-admin",
    "BLOB_UNREACHABLE": "registry-admin",
    "DNS_PRIVATE_ADDRESS": "registry-admin",
    "ECR_PERMISSION_MISSING": "registry-admin",
    "AWS_ACCOUNT_MISMATCH": "registry-admin",
    "SECRETS_WITHHELD": "repository-admin",
}
"""Who can make a code's usual fix (SPEC, Causes and remedies: `actor`); every other code's
fix is the codespace user's own (`you`). A check names another actor where the case says so
(an organization secret, a repository secret, a registry-side refusal)."""


def info(code: str) -> CodeInfo:
    """The catalogue entry for `code` (KeyError for an unknown code), in the current language."""
    entry = CATALOGUE[code]
    return CodeInfo(entry.code, entry.severity, entry.step, _(entry.title), _(entry.meaning),
                    _(entry.fix))


def finding(
    code: str,
    detail: str,
    fix: str | None = None,
    *,
    severity: Severity | None = None,
    title: str | None = None,
    secret_set: str | None = None,
    image: str | None = None,
    stage: str | None = None,
    step: str | None = None,
    actor: str | None = None,
) -> Finding:
    """A finding for `code` with the catalogue's defaults for whatever is not given."""
    entry = CATALOGUE[code]
    return Finding(
        code=code,
        severity=severity or entry.severity,
        step=step or entry.step,
        title=title or _(entry.title),
        detail=detail,
        fix=fix or _(entry.fix),
        secret_set=secret_set,
        image=image,
        stage=stage,
        actor=actor or ACTOR_BY_CODE.get(code, "you"),
    )
