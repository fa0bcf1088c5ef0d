"""Fix texts as data, next to the catalogue: per finding code, templates with named fields.

`tui/catalogue.py` says what a code means and gives its usual fix; the texts here are the
fixes a check fills in with what it found (`{host}`, `{where}`, …). A check calls
`fix_text(code, variant, **fields)` instead of writing the sentence itself, so a code's
meaning and its fixes live side by side, and rewording or translating them is an edit of
data. Migrated so far: the login and pull probe's fixes (`tui/registry/findings.py`) and
the creation log's (`tui/logs/findings.py`).
"""

from __future__ import annotations

from tui.i18n import _

FIELDS: dict[str, str] = {
    "host": "the registry host[:port] the check talked to",
    "where": "where the value came from (`ACR_CONTAINER_REGISTRY_SERVER` …)",
    "timeout": "the bound of each network step, in seconds (`--timeout`)",
    "user": "the USER value of the set",
    "who": "` (now `USER`)`, or nothing",
    "repository": "the repository inside the registry",
    "ref": "the image reference as written",
    "place": "` in FILE` where the reference is written, or nothing",
    "server": "the SERVER value that names the registry",
    "login": "a second sentence on how to log in, or nothing",
    "unused": "what the sets that name the registry lack",
    "create": "the commands that create a secret set",
    "listed": "each set that names the registry and what it lacks",
    "codespace_repo": "the codespace's repository, `OWNER/REPO`",
    "rebuild": "the command that rebuilds the codespace (`gh codespace rebuild -c NAME`)",
    "servers": "the SERVER values the registries in question need, quoted",
    "refs": "the image references in question, quoted",
    "hub_server": "Docker Hub's documented SERVER value",
    "settings": "the package's settings pages (organization and user form)",
    "owner": "the owner of the package",
    "why": "a sentence on why the registry's answer means what it does",
    "repo_ref": "the repository part of a reference (`host/owner/name`), without the tag",
    "lowered": "the reference written in lower case",
    "option": "the name of an unreplaced Template option",
    "feature": "the Feature id that failed",
    "replacement": "the Feature id in the namespace that replaced the failing one's",
    "parent": "a sentence naming the Feature that brings the failing one in, or nothing",
    "clock": "a sentence on the clock the certificate check compared, or nothing",
    "password": "what the registry expects as PASSWORD",
    "package": "the GHCR package reference (`ghcr.io/OWNER/NAME`)",
    "name": "the image name without owner",
    "how": "how that registry makes a repository public, or nothing",
    "parent_id": "the Feature whose `dependsOn` brings the failing one in",
}
"""Every field a template may name, and what it holds."""

_DEFER = ("If another finding names the cause (it is listed before this one), fix that first: "
          "this line is the evidence, not the cause.")

FIX_TEMPLATES: dict[str, dict[str, str]] = {
    "DNS_FAILED": {
        "": "Check the host `{host}` in {where} for typos; codespaces resolve public DNS only, "
            "so a name known only inside a private network fails.",
    },
    "DNS_PRIVATE_ADDRESS": {
        "": "Codespaces cannot reach private networks: expose `{host}` on a public address "
            "(with an IP allow list) or move the image to a public registry.",
    },
    "CONNECT_REFUSED": {
        "": "Check the port in {where} (`{host}`; HTTPS registries use 443) and that the "
            "registry runs there.",
    },
    "CONNECT_TIMEOUT": {
        "": "A firewall drops connections to `{host}`: allow the codespace's outbound "
            "addresses (listed by `gh api meta`) in the registry's firewall.",
    },
    "TLS_UNTRUSTED": {
        "": "Give `{host}` a certificate from a public authority: Codespaces trusts public "
            "roots only, so a private or self-signed certificate cannot work.",
    },
    "TLS_EXPIRED": {"": "Renew the TLS certificate of `{host}`."},
    "TLS_HOSTNAME_MISMATCH": {
        "": "Name the registry by a host its certificate lists (see the names above) in "
            "{where}, or reissue the certificate to include `{host}`.",
    },
    "TLS_NOT_TLS": {
        "": "Serve `{host}` over HTTPS (Codespaces pulls over HTTPS only), or fix the port in "
            "{where}.",
    },
    "NOT_A_REGISTRY": {
        "": "Fix the registry host `{host}` in {where}.",
        "what": "the registry's API host (the host in `docker pull HOST/NAME:TAG`), not a web "
                "page",
    },
    "REGISTRY_FORBIDDEN": {
        "": "`{host}` refuses this address before any login: allow the codespace's addresses "
            "(`gh api meta`) in the registry's network rules (ACR: Networking → Public network "
            "access → selected networks).",
    },
    "LOGIN_UNAUTHORIZED": {
        "": "The credentials used for `{host}` are rejected; set them again.",
        "what": "a valid user of `{host}`{who} and its current password or access token",
    },
    "TOKEN_SERVICE_FAILED": {
        "": "The token service of `{host}` fails: retry later and check the registry's status "
            "page; if the registry is yours, fix its token service (the realm above).",
    },
    "RATE_LIMITED": {
        "": "`{host}` limits requests from this address: wait for the time shown (Retry-After) "
            "and try again.{login}",
        "hub-login": " Log in to raise the limit: add DOCKERHUB_CONTAINER_REGISTRY_SERVER="
                     "`https://index.docker.io/v1/` with _USER and _PASSWORD (an access token).",
        "unused-login": " Log in to raise the limit: {unused}",
    },
    "REGISTRY_ERROR": {"": "`{host}` fails on its side: retry later and check its status page."},
    "REGISTRY_SLOW": {
        "": "`{host}` did not answer within {timeout:g} s: retry later, or run "
            "`registry-doctor check --timeout 30` to see whether it answers at all.",
    },
    "PULL_DENIED": {
        "set": "Give the user `{user}` pull (read) rights on the repository `{repository}` in "
               "`{host}` (ACR: the AcrPull role; Docker Hub: a collaborator or team with Read; "
               "ECR: a repository policy allowing ecr:BatchGetImage), or set the secrets to a "
               "user that has them.",
        "unused": "The pull of `{repository}` went out anonymously and was refused. {unused}",
        "no-set": "No secret set names `{server}`, and anonymous pulls of `{repository}` are "
                  "refused. {create}",
        "unused-sets": "A set names this registry but gives no credentials for it: {listed}. "
                       "Fix that set as its finding says (not a new set), then stop and start "
                       "the codespace.",
    },
    "IMAGE_NOT_FOUND": {
        "": "Fix the reference `{ref}`{place} (check repository and tag), or push the image: "
            "`docker push {ref}`.",
    },
    "PLATFORM_MISSING": {
        "": "Build and push `{ref}` for linux/amd64: `docker buildx build --platform "
            "linux/amd64,linux/arm64 -t {ref} --push .`",
    },
    "BLOB_UNREACHABLE": {
        "": "The registry `{host}` hands out layers from a storage host that cannot be reached "
            "(see above): allow that host in the firewall or proxy as well.",
    },
    "CREATION_LOG_ERROR": {
        "build": "This is not a registry problem: a command in the Dockerfile failed while the "
                 "image was built. Fix the Dockerfile or its package sources (for `NO_PUBKEY` / "
                 "`GPG error`, install the repository's signing key before `apt-get update`), "
                 "then rebuild with `{rebuild}`.",
        "ghcr": "GHCR needs package access, not secrets: in the package's settings, under "
                "\"Manage Codespaces access\", add `{codespace_repo}` with read access (or tick "
                "\"Inherit access from repository\" for the same repository); the Pull step says "
                "which case applies. Then rebuild with `{rebuild}`.",
        "ecr": _DEFER + " See the ECR step: it names the missing right or the expired token.",
        "auth": _DEFER + " The secret set for the image's registry must have SERVER {servers} "
                "and working credentials with pull rights (see the Names & values, Login and "
                "Pull steps; `gh secret list --user`, `gh secret set NAME --user --repos "
                "{codespace_repo}`). After changing a secret, stop and start the codespace, then "
                "rebuild with `{rebuild}`.",
        "platform-variant": "See the Pull step: publish a `linux/amd64` variant of {refs} (e.g. "
                            "`docker buildx build --platform linux/amd64,linux/arm64 …`), then "
                            "rebuild with `{rebuild}`.",
        "not-found": "See the Pull step: check {refs} (repository and tag) and that the "
                     "credentials may see it; correct the reference in the devcontainer "
                     "configuration, then rebuild with `{rebuild}`.",
        "not-an-image": "Name a container image, not a Template or Feature: Features go under "
                        "`features` in devcontainer.json, Templates are applied, not pulled; "
                        "then rebuild with `{rebuild}`.",
        "rate-limit": "Docker Hub limits anonymous pulls from shared addresses. Add a Docker Hub "
                      "secret set (`DOCKERHUB_CONTAINER_REGISTRY_SERVER` = `{hub_server}`, "
                      "`..._USER` = your Docker ID, `..._PASSWORD` = an access token) with `gh "
                      "secret set DOCKERHUB_CONTAINER_REGISTRY_SERVER --user --repos "
                      "{codespace_repo}` (and the other two), stop and start the codespace; the "
                      "Login step shows the pulls left.",
        "tls": "See the Login step: it shows the certificate of {servers}; the registry needs a "
               "certificate from a public CA that matches its name and has not expired.",
        "firewall": "The registry's network rules refuse the codespace's address. Allow public "
                    "access to {servers} (for ACR: Networking → Public access, or allow the "
                    "codespace's region's addresses), then rebuild with `{rebuild}`; a private "
                    "endpoint cannot be reached from a codespace.",
        "blob": "See the Pull step: it fetches a layer of the image. A layer host behind another "
                "firewall, or a connection cut mid-download, gives this; a retry (`{rebuild}`) "
                "helps when the cut was transient.",
        "network": "See the Login step: it checks DNS and TCP for {servers}. A registry on a "
                   "private network or behind an IP allow list cannot be reached from a "
                   "codespace.",
    },
}
"""Code → variant (`""` the plain one) → template."""

_REMEDIES: dict[str, str] = {
        "tag-missing": "The registry `{host}` answered that `{ref}` does not exist: {why} This "
                       "is not an access problem. Name a tag that `{repo_ref}` publishes (its "
                       "web page lists them; `registry-doctor check --image {repo_ref}:TAG` "
                       "online confirms it) in the devcontainer configuration, then rebuild "
                       "with `{rebuild}`.",
        "tag-missing-unnamed": "The registry answered that the image's manifest does not exist: "
                               "the tag is not published (when no tag is given, `latest` is "
                               "asked for, and not every repository publishes one). This is "
                               "not an access problem. Name a tag the repository lists in the "
                               "devcontainer configuration, then rebuild with `{rebuild}`.",
        "hub-library-missing": "Docker Hub says `{ref}` does not exist: a name without an owner "
                               "means `library/{name}`, Docker Hub's official images, which are "
                               "all public, so a refusal means there is none of that name. "
                               "Write the publisher's namespace in front (`OWNER/{name}`, as "
                               "on the image's Docker Hub page), then rebuild with `{rebuild}`.",
        "hub-official-refused": "Docker Hub refused `{ref}`, one of its official images, which "
                                "are public: the refusal comes from Docker Hub's side (an "
                                "incident of its token service) or from a stale login on the "
                                "machine that pulled. Check https://www.dockerstatus.com/, "
                                "retry later (`{rebuild}`); nothing in the configuration "
                                "needs to change.",
        "hub-missing-or-private": "Docker Hub answers “repository does not exist or may require "
                                  "'docker login'” both for a name that does not exist and for "
                                  "a private repository. Check `{ref}` first (owner and name as "
                                  "on Docker Hub). Only if it is private: {create}",
        "ghcr-private-or-missing": "GHCR answers this both for a package that does not exist "
                                   "and for one this codespace may not read (it does not "
                                   "redirect a renamed owner or repository). First check that "
                                   "`{package}` exists under that owner and name (its owner's "
                                   "packages: https://github.com/{owner}?tab=packages). If it "
                                   "does, it is not readable here: its admin can change the "
                                   "package's visibility to public, or grant access as follows.",
        "private-anonymous": "`{host}` refuses anonymous pulls of `{repo_ref}`: it is not "
                             "public (or the name is wrong). Its owner can make it public{how}, "
                             "or grant you pull access and you add a secret set whose SERVER "
                             "is `{server}`. Then rebuild with `{rebuild}`.",
        "no-pull-right": "The credentials sent to `{host}` were accepted but give no access to "
                         "`{repo_ref}` (or it does not exist under that name): check the "
                         "repository name, then ask the repository's owner to grant this "
                         "account pull access.",
        "no-credentials-sent": "No credentials were sent to `{host}`: no secret set names "
                               "exactly this host, so docker had no login for it. {create} "
                               "PASSWORD: {password}.",
        "hub-2fa": "Docker Hub refuses the account's password because the account uses "
                   "two-factor authentication: store a personal access token (Docker Hub → "
                   "Account settings → Personal access tokens, Read-only) as "
                   "`DOCKERHUB_CONTAINER_REGISTRY_PASSWORD`, then stop and start the codespace.",
        "hub-credentials": "Docker Hub rejects the user name or password: "
                           "`DOCKERHUB_CONTAINER_REGISTRY_USER` must be your Docker ID (not the "
                           "e-mail address) and `..._PASSWORD` an access token (Docker Hub → "
                           "Account settings → Personal access tokens). Set them again, then "
                           "stop and start the codespace.",
        "ecr-token-expired": "The ECR registry token has expired (they last 12 hours at most): "
                             "get a fresh one (`aws ecr get-login-password --region REGION`), or "
                             "better, set USER and PASSWORD to an access key id and secret key, "
                             "which GitHub swaps for a fresh token at every start. Then stop and "
                             "start the codespace; the ECR step checks the new credentials.",
        "rate-limit-login": "`{host}` answered with its pull rate limit: anonymous pulls from a "
                      "shared address count together. Log in so the pulls count against an "
                      "account. {login} Or wait and rebuild later (`{rebuild}`).",
        "tls-dates": "The certificate check failed on its dates.{clock} Most often the clock "
                     "of the machine that pulled is wrong: check its time (`date -u`) and sync "
                     "it (NTP, e.g. `sudo ntpdate pool.ntp.org` or `timedatectl set-ntp "
                     "true`). If the time is right, the certificate of `{host}` has expired "
                     "and its operator must renew it.",
        "dns": "DNS could not resolve `{host}`: check the name for typos; on your own machine "
               "check the resolver (`/etc/resolv.conf`, `nslookup {host}`); a name known only "
               "inside a private network cannot be resolved from a codespace. Then rebuild "
               "with `{rebuild}`.",
        "ref-lowercase": "Docker references must be lower case: write `{lowered}` instead of "
                         "`{ref}` in the devcontainer configuration, then rebuild with "
                         "`{rebuild}`.",
        "ref-template-option": "The image reference still holds the Template option "
                               "`${{templateOption:{option}}}`: it was never filled in. Apply "
                               "the Template (VS Code: Add Dev Container Configuration Files; "
                               "or `devcontainer templates apply`) so its options are "
                               "substituted, or write the value of `{option}` yourself. Then "
                               "rebuild with `{rebuild}`.",
        "ref-invalid": "Docker cannot parse `{ref}` as an image reference: write it as "
                       "`host/owner/name:tag` in lower case, then rebuild with `{rebuild}`.",
        "feature-moved": "`{feature}` is in a namespace that no longer exists: its Features "
                         "moved to `{replacement}`.{parent} Then rebuild the container.",
        "feature-moved-direct": " Replace the id in devcontainer.json's `features` with "
                                "`{replacement}`.",
        "feature-dependency": " `{feature}` is not in devcontainer.json: `{parent_id}` "
                              "brings it in (its `dependsOn`). Update `{parent_id}` to a "
                              "version that depends on `{replacement}`, or add `{replacement}` "
                              "yourself and pin `{parent_id}` to such a version.",
        "feature-dependency-other": "`{feature}` is not in devcontainer.json: `{parent_id}` "
                                    "brings it in (its `dependsOn`), and it cannot be fetched. "
                                    "Update or replace `{parent_id}`, or check that "
                                    "`{feature}` still exists. Then rebuild the container.",
}
"""The remedies the registry's words call for (`tui.logs.remedies`): variant → template."""

FIX_TEMPLATES.update({
    "CODESPACES_PLATFORM_FAULT": {
        "": "Nothing in the secrets needs to change. Rebuild the container (`{rebuild}`); if it "
            "fails the same way, delete the codespace and create a new one (`gh codespace "
            "delete`, `gh codespace create`), or create it in another region (`gh codespace "
            "create --location …`).",
    },
    "FEATURE_UNREACHABLE": {
        "ghcr": "In the Feature's package settings on GitHub (Package settings → Manage "
                "Codespaces access) add `{codespace_repo}` with the Read role, or make the "
                "package public; check the id and version in devcontainer.json's `features`. "
                "Then rebuild the container.",
        "": "Check the Feature's id and version in devcontainer.json's `features`; if its "
            "registry is private, add a secret set whose SERVER names that host (see the Names "
            "& values step). Then rebuild the container.",
    },
    "GHCR_PACKAGE_ACCESS": {
        "log-same-repository": "In {settings}, tick “Inherit access from repository”, or under "
                               "Manage Codespaces access add `{codespace_repo}` with the Read "
                               "role. Then rebuild the container. Run online (without "
                               "`--offline`) inside the codespace to confirm with its own token.",
        "log-same-owner": "In {settings}, under Manage Codespaces access add `{codespace_repo}` "
                          "with the Read role. Then rebuild the container. Run online (without "
                          "`--offline`) inside the codespace to confirm with its own token.",
        "log-other-owner": "Ask `{owner}` to add `{codespace_repo}` under Manage Codespaces "
                           "access in {settings} (Read role), or to make the package public. "
                           "Then rebuild the container. Run online (without `--offline`) inside "
                           "the codespace to confirm with its own token.",
        "log-unknown": "In {settings}, under Manage Codespaces access add this repository with "
                       "the Read role (or tick “Inherit access from repository”). Then rebuild "
                       "the container. Run online (without `--offline`) inside the codespace to "
                       "confirm with its own token.",
    },
})
"""Code → variant (`""` the plain one) → template."""

_REMEDY_CODES = {"feature-": "FEATURE_UNREACHABLE", "ghcr-": "GHCR_PACKAGE_ACCESS",
                 "ref-": "IMAGE_REF_INVALID"}
for _variant, _template in _REMEDIES.items():
    _code = next((c for p, c in _REMEDY_CODES.items() if _variant.startswith(p)),
                 "CREATION_LOG_ERROR")
    FIX_TEMPLATES.setdefault(_code, {})[_variant] = _template



class _Fields(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"fix template needs the field {key!r}")


def fix_text(code: str, variant: str = "", **fields: object) -> str:
    """The fix `code`'s `variant` template says, filled with `fields` (KeyError when the
    template names a field not given)."""
    return _(FIX_TEMPLATES[code][variant]).format_map(_Fields(fields))
