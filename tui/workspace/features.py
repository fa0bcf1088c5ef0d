"""Dev container Feature ids, resolved the way the dev containers CLI resolves them.

- Short ids of the old `microsoft/vscode-dev-containers` Features (`node`, `docker-in-docker`,
  `golang`, …) map to `ghcr.io/devcontainers/features/<id>:1`; `gradle`, `maven` and
  `jupyterlab` became options of the `java` / `python` Features; any other short id is refused.
- OCI ids are compared in lower case (the CLI lowers the whole id before it pulls).
- The retired `devcontainers-contrib` namespace is redirected to `devcontainers-extra`.
- `https://` tarballs, local `./` paths and `owner/repo/feature` GitHub releases are not pulled
  from a registry.
"""

from __future__ import annotations

from tui.i18n import _, t
from tui.lazy_pattern import LazyPattern
from tui.record import record

FEATURES_NAMESPACE = "ghcr.io/devcontainers/features"
LEGACY_VERSION = "1"
"""The CLI pins every mapped legacy id to major version 1."""

MIGRATED = frozenset({
    "aws-cli", "azure-cli", "desktop-lite", "docker-in-docker", "docker-from-docker", "dotnet",
    "git", "git-lfs", "github-cli", "java", "kubectl-helm-minikube", "node", "powershell",
    "python", "ruby", "rust", "sshd", "terraform",
})
"""Legacy short ids published under the same name in ghcr.io/devcontainers/features."""

RENAMED = {"golang": "go", "common": "common-utils"}
"""Legacy short ids published under a new name."""

INTO_OPTIONS = {"gradle": "java", "maven": "java", "jupyterlab": "python"}
"""Legacy short ids that became an option of another Feature."""

REDIRECTED_NAMESPACES = {"devcontainers-contrib": "devcontainers-extra"}
"""Second path segments the CLI rewrites before it pulls."""

_PATH = LazyPattern(r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*")
_VERSION = LazyPattern(r"[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}")


@record(frozen=True)
class FeatureId:
    """One `features` key as the CLI reads it."""

    written: str
    kind: str
    """oci | tarball | local | github-release | invalid"""
    ref: str | None = None
    """For `oci`: the reference the CLI pulls (`registry/namespace/id:version`)."""
    note: str = ""
    """Why it is not pulled from a registry, what it was mapped from, or what is wrong."""


def resolve_features(keys: list[str]) -> list[FeatureId]:
    """Each Feature id of a `features` object, in order, legacy option-ids folded in."""
    result: list[FeatureId] = []
    folded: list[str] = []
    for key in keys:
        if key in INTO_OPTIONS:
            folded.append(key)
            continue
        result.append(resolve_feature(key))
    for key in folded:
        target = INTO_OPTIONS[key]
        qualified = f"{FEATURES_NAMESPACE}/{target}"
        present = any(k in (target, qualified) or k.startswith(qualified + ":")
                      for k in keys)
        if not present:
            result.append(FeatureId(
                key, "oci", f"{qualified}:{LEGACY_VERSION}",
                t("the legacy `{key}` Feature is now an option of `{qualified}`", key=key,
                  qualified=qualified)))
            keys = [*keys, target]
    return result


def resolve_feature(key: str) -> FeatureId:
    """How the CLI reads one Feature id."""
    if key in MIGRATED:
        return _legacy(key, key)
    if key in RENAMED:
        return _legacy(key, RENAMED[key])
    if "/" not in key and "\\" not in key:
        return FeatureId(key, "invalid", note=t(
            "`{key}` is a legacy short Feature id the dev containers CLI no longer supports "
            "(it stops the build); use a published Feature such as `{namespace}/<id>:1`, or "
            "prefix a local Feature folder with `./` (`./{key}`)", key=key,
            namespace=FEATURES_NAMESPACE))
    if key.startswith("https://") or "://" in key:
        return FeatureId(key, "tarball", note=_("a Feature tarball downloaded over HTTPS"))
    if key.startswith(("./", "../", "/", ".\\", "..\\")) or "\\" in key:
        return FeatureId(key, "local", note=_("a local Feature folder"))
    first = key.split("/", 1)[0]
    if not ("." in first or ":" in first or first.lower() == "localhost"):
        return FeatureId(key, "github-release", note=_("a Feature from a GitHub release"))
    return _oci(key)


def _legacy(key: str, name: str) -> FeatureId:
    ref = f"{FEATURES_NAMESPACE}/{name}:{LEGACY_VERSION}"
    return FeatureId(key, "oci", ref, t("the legacy `{key}` Feature id, mapped to `{ref}`",
                                        key=key, ref=ref))


def _oci(key: str) -> FeatureId:
    text = key.lower()
    if text.startswith("."):
        return FeatureId(key, "invalid", note=_("a Feature id cannot start with `.`"))
    at = text.rfind("@")
    if at >= 0:
        resource, version = text[:at], text[at + 1:]
        algorithm, _sep, digest = version.partition(":")
        if algorithm != "sha256" or not digest:
            return FeatureId(key, "invalid", note=t("`@{version}` is not a sha256 digest",
                                                        version=version[:80]))
        separator = "@"
    elif ":" in text and text.rfind(":") > text.rfind("/"):
        colon = text.rfind(":")
        resource, version, separator = text[:colon], text[colon + 1:], ":"
        if not _VERSION.fullmatch(version):
            return FeatureId(key, "invalid", note=t("`{version}` is not a valid tag",
                                                        version=version[:80]))
    else:
        resource, version, separator = text, "latest", ":"
    parts = resource.split("/")
    if len(parts) > 1 and parts[1] in REDIRECTED_NAMESPACES:
        parts[1] = REDIRECTED_NAMESPACES[parts[1]]
    path = "/".join(parts[1:])
    if "/" not in path or not _PATH.fullmatch(path):
        return FeatureId(key, "invalid", note=(
            t("`{key}` is not `registry/namespace/feature[:version]`", key=key[:120])))
    ref = f"{parts[0]}/{path}{separator}{version}"
    notes = []
    if key != text:
        notes.append(_("read in lower case"))
    if resource.split("/")[1:2] != parts[1:2]:
        notes.append(t("`{old}` redirected to `{new}`", old=resource.split("/")[1],
                       new=parts[1]))
    return FeatureId(key, "oci", ref, "; ".join(notes))
