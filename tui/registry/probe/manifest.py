"""Manifest, platform and layer: what a pull reads, without downloading the image."""

from __future__ import annotations

import json

from tui.i18n import _, t
from tui.record import record
from tui.registry.probe import classify
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.http import Response, Session

INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)
MANIFEST_TYPES = (
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
)
ACCEPT = ", ".join(INDEX_TYPES + MANIFEST_TYPES)

CODESPACES_PLATFORM = "linux/amd64"
"""What codespaces run, and so what a pull is checked for, whatever machine runs the check."""


def wanted_platform(explicit: str | None = None) -> str:
    """The image's own `--platform` when it names one, else `linux/amd64` (codespaces)."""
    return explicit or CODESPACES_PLATFORM


@record
class Manifest:
    """A manifest as read: its media type, JSON document and digest header."""

    media_type: str
    document: dict
    digest: str

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEX_TYPES or "manifests" in self.document


def read_manifest(
    session: Session, base: str, repository: str, reference: str, auth: str | None, *,
    stage: str = "manifest", anonymous: bool = False, hub: bool = False,
) -> Manifest:
    """GET the manifest (its body, or the error JSON a HEAD would not carry); on Docker Hub
    a HEAD first, which shows the rate limit without counting as a pull."""
    url = f"{base}/v2/{repository}/manifests/{reference}"
    headers = {"Accept": ACCEPT}
    if auth:
        headers["Authorization"] = auth
    if hub:  # Hub: HEAD first, which reads the rate-limit headers without counting a pull
        head = session.request("HEAD", url, headers, stage=stage)
        if head.status == 429:
            classify.fail_common(head, stage, t("The manifest {name}",
                                                  name=f"{repository}:{reference}"))
    response = session.request("GET", url, headers, stage=stage)
    classify_manifest(response, f"{repository}:{reference}", stage, anonymous, hub)
    try:
        document = json.loads(response.body)
    except ValueError:
        raise ProbeFailure(
            "REGISTRY_ERROR", stage, t("The manifest of {name} is not JSON.",
                                       name=f"{repository}:{reference}"),
        ) from None
    media_type = response.header("content-type").split(";")[0].strip()
    media_type = document.get("mediaType", media_type) if isinstance(document, dict) else ""
    return Manifest(media_type, document if isinstance(document, dict) else {},
                    response.header("docker-content-digest"))


def classify_manifest(
    response: Response, name: str, stage: str, anonymous: bool, hub: bool,
) -> None:
    """200 passes; not found → IMAGE_NOT_FOUND; 401/403/denied → PULL_DENIED."""
    what = t("The manifest {name}", name=name)
    classify.fail_common(response, stage, what)
    if response.status == 200:
        return
    codes = {code for code, _ in classify.registry_errors(response)}
    quoted = classify.quote_body(response) or _("(no body)")
    if response.status == 404 or codes & {"MANIFEST_UNKNOWN", "NAME_UNKNOWN"}:
        raise ProbeFailure(
            "IMAGE_NOT_FOUND", stage,
            t("{what} is not in the registry: {status}: {quote}", what=what,
              status=classify.status_line(response), quote=quoted),
        )
    if response.status in (401, 403) or codes & {"DENIED", "UNAUTHORIZED"}:
        status = classify.status_line(response)
        if hub and anonymous:
            said = t("Anonymous access may not read {name}: {status}: {quote}. Docker Hub answers "
                     "this both for private and for missing repositories.", name=name,
                     status=status, quote=quoted)
        elif anonymous:
            said = t("Anonymous access may not read {name}: {status}: {quote}.", name=name,
                     status=status, quote=quoted)
        else:
            said = t("These credentials may not read {name}: {status}: {quote}.", name=name,
                     status=status, quote=quoted)
        raise ProbeFailure("PULL_DENIED", stage, said)
    raise ProbeFailure(
        "REGISTRY_ERROR", stage, classify.answered(what, response, quoted),
    )


def platforms_of(index: dict) -> list[tuple[str, dict]]:
    """(`os/arch[/variant]`, descriptor) for each entry of an image index."""
    found = []
    for entry in index.get("manifests", []):
        if not isinstance(entry, dict):
            continue
        plat = entry.get("platform") or {}
        text = f"{plat.get('os', '?')}/{plat.get('architecture', '?')}"
        if plat.get("variant"):
            text += f"/{plat['variant']}"
        found.append((text, entry))
    return found


def platform_entry(index: dict, wanted: str = CODESPACES_PLATFORM) -> dict | None:
    """The index entry for `wanted` (`os/arch`, any variant), or None."""
    for text, entry in platforms_of(index):
        if text == wanted or text.startswith(wanted + "/"):
            return entry
    return None


def choose_platform(index: dict, wanted: str, name: str) -> dict:
    """The index entry for `wanted`; PLATFORM_MISSING (listing what is there) otherwise."""
    entry = platform_entry(index, wanted)
    if entry is not None:
        return entry
    entries = platforms_of(index)
    listed = ", ".join(text for text, _ in entries if text != "unknown/unknown") or _("none")
    raise ProbeFailure(
        "PLATFORM_MISSING", "platform",
        t("The image index of {name} has no {wanted} entry; it has: {listed}.", name=name,
          wanted=wanted, listed=listed),
    )


def smallest_layer(manifest: dict) -> dict | None:
    """The smallest layer descriptor of an image manifest (None when it lists none); the
    Pull step and the ECR step both test this one."""
    layers = [layer for layer in manifest.get("layers") or [] if isinstance(layer, dict)]
    if not layers:  # schema 1: `fsLayers` with `blobSum`, no sizes
        layers = [{"digest": layer.get("blobSum"), "size": 0}
                  for layer in manifest.get("fsLayers") or [] if isinstance(layer, dict)]
    layers = [layer for layer in layers if layer.get("digest")]
    if not layers:
        return None
    return min(layers, key=lambda layer: int(layer.get("size") or 0))


def fetch_blob_start(
    session: Session, base: str, repository: str, digest: str, auth: str | None,
) -> str:
    """GET the first bytes of a blob, following redirects; BLOB_UNREACHABLE otherwise.

    A plain GET (as docker sends it) read for 64 bytes, then the connection is dropped:
    some proxies treat ranged requests differently from the real pull.
    """
    url = f"{base}/v2/{repository}/blobs/{digest}"
    headers: dict[str, str] = {}
    if auth:
        headers["Authorization"] = auth
    try:
        response = session.request("GET", url, headers, stage="layer", max_body=64, follow=True)
    except ProbeFailure as failure:
        raise ProbeFailure(
            "BLOB_UNREACHABLE", "layer",
            t("The layer {digest}… of {repository} cannot be fetched: {detail}", digest=digest[:19],
              repository=repository, detail=failure.detail),
        ) from None
    if response.status in (200, 206):
        return response.url
    raise ProbeFailure(
        "BLOB_UNREACHABLE", "layer",
        t("The layer {digest}… of {repository} answered {status} at {url}: {quote}",
          digest=digest[:19], repository=repository, status=classify.status_line(response),
          url=response.url.split("?", 1)[0],
          quote=classify.quote_body(response) or _("(no body)")),
    )


def close_tags(
    session: Session, base: str, repository: str, tag: str, auth: str | None,
) -> list[str]:
    """Tags like `tag` from `/v2/<name>/tags/list`, when the registry lets us list them."""
    headers = {"Accept": "application/json"}
    if auth:
        headers["Authorization"] = auth
    try:
        response = session.request(
            "GET", f"{base}/v2/{repository}/tags/list", headers, stage="manifest",
        )
        tags = json.loads(response.body).get("tags") or [] if response.status == 200 else []
    except (ProbeFailure, ValueError, AttributeError):
        return []
    tags = [t for t in tags if isinstance(t, str)]
    return suggest_tags(tag, tags)


_LOOKALIKE = str.maketrans("oil", "011")


def suggest_tags(tag: str, tags: list[str]) -> list[str]:
    """Up to 3 tags close to `tag`: look-alikes first (`1.O` → `1.0`), then difflib's."""
    import difflib  # lazily: only for a missing tag

    key = tag.lower().translate(_LOOKALIKE)
    alike = [t for t in tags if t.lower().translate(_LOOKALIKE) == key and t != tag]
    close = difflib.get_close_matches(tag, tags, n=3, cutoff=0.5)
    return (alike + [t for t in close if t not in alike])[:3]
