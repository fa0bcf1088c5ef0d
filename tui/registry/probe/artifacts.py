"""What a manifest is when it is not a container image: a dev container Feature or Template,
a Helm chart, a signature or attestation, another OCI artifact (IMAGE_NOT_AN_IMAGE).

Read from the media types the registry returns (`config.mediaType`, `artifactType`, the
layers' types and titles); a manifest whose config is an image config is an image.
"""

from __future__ import annotations

from tui.i18n import _, ngettext, t
from tui.model import ImageRef
from tui.record import record

IMAGE_CONFIG_TYPES = frozenset({
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.container.image.v1+json",
})
"""Config media types of runnable images (OCI and Docker v2)."""

_OFFICIAL_IMAGE = "mcr.microsoft.com/devcontainers/base:ubuntu"
"""A real image to name in place of an artifact."""
DEVCONTAINERS = "application/vnd.devcontainers"
HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
_COLLECTION_LAYER = "application/vnd.devcontainers.collection.layer.v1+json"
_TITLE = "org.opencontainers.image.title"
_KNOWN: tuple[tuple[str, str, str], ...] = (
    # (media type prefix, kind, what it is)
    ("application/vnd.cncf.helm.", "helm", "a Helm chart"),
    ("application/vnd.dev.cosign.", "signature", "a cosign signature or attestation"),
    ("application/vnd.cncf.notary.", "signature", "a Notary signature"),
    ("application/vnd.in-toto", "signature", "an in-toto attestation"),
    ("application/vnd.dev.sigstore.", "signature", "a Sigstore bundle"),
    ("application/spdx", "signature", "an SBOM (SPDX)"),
    ("application/vnd.cyclonedx", "signature", "an SBOM (CycloneDX)"),
    ("application/vnd.wasm.", "wasm", "a WebAssembly module"),
    ("application/vnd.cncf.flux.", "artifact", "a Flux configuration artifact"),
)


@record(frozen=True)
class Artifact:
    """A non-image manifest: its kind, what to call it, and the media types that say so."""

    kind: str
    """feature | template | devcontainers | helm | signature | wasm | artifact"""
    label: str
    """E.g. "a dev container Feature (`devcontainer-feature-node.tgz`)"."""
    evidence: str
    """The media types read, e.g. "config `application/vnd.devcontainers`, layer `…`"."""


def _shown(value: object) -> str:
    text = "".join(ch for ch in str(value) if ch.isprintable())
    return text[:100]


def _text(value: object) -> str | None:
    """A media type as given, or None when it is missing or not a string."""
    return value if isinstance(value, str) and value else None


def _layers(document: dict) -> list[dict]:
    layers = document.get("layers")
    if not isinstance(layers, list):
        blobs = document.get("blobs")
        layers = blobs if isinstance(blobs, list) else []
    return [layer for layer in layers if isinstance(layer, dict)]


def classify_manifest(document: dict) -> Artifact | None:
    """The artifact a (non-index) manifest describes, or None when it is an image."""
    if not isinstance(document, dict):
        return None
    config = document.get("config")
    config_type = _text(config.get("mediaType")) if isinstance(config, dict) else None
    artifact_type = _text(document.get("artifactType"))
    if config_type in IMAGE_CONFIG_TYPES:
        return None
    if config_type is None and artifact_type is None:
        return None  # Docker schema 1 or something without types: not ours to judge
    layers = _layers(document)
    layer_types = [str(layer.get("mediaType", "")) for layer in layers]
    evidence = "; ".join(part for part in (
        f"config `{_shown(config_type)}`" if config_type else "",
        f"artifactType `{_shown(artifact_type)}`" if artifact_type else "",
        ngettext("layer {types}", "layers {types}", len(set(layer_types))).format(
            types=", ".join(f"`{_shown(t)}`" for t in sorted(set(layer_types))[:3]))
        if layers else "",
    ) if part)
    types = [str(t) for t in (artifact_type, config_type, *layer_types) if t]
    if any(t.startswith(DEVCONTAINERS) for t in types):
        return _devcontainers(layers, layer_types, evidence)
    for prefix, kind, what in _KNOWN:
        if any(t.startswith(prefix) for t in types):
            label = _label(what)
            if kind == "helm":
                label = _helm_label(document, what)
            return Artifact(kind, label, evidence)
    shown = artifact_type or config_type
    return Artifact("artifact", t("an OCI artifact of type `{type}`", type=_shown(shown)),
                    evidence)


def _label(what: str) -> str:
    """The name of a known artifact kind in the current language."""
    return {
        "a Helm chart": _("a Helm chart"),
        "a cosign signature or attestation": _("a cosign signature or attestation"),
        "a Notary signature": _("a Notary signature"),
        "an in-toto attestation": _("an in-toto attestation"),
        "a Sigstore bundle": _("a Sigstore bundle"),
        "an SBOM (SPDX)": _("an SBOM (SPDX)"),
        "an SBOM (CycloneDX)": _("an SBOM (CycloneDX)"),
        "a WebAssembly module": _("a WebAssembly module"),
        "a Flux configuration artifact": _("a Flux configuration artifact"),
    }.get(what, what)


def classify_index(document: dict) -> Artifact | None:
    """An index that says it holds artifacts (`artifactType` on it or on every entry)."""
    if not isinstance(document, dict):
        return None
    entries = document.get("manifests")
    kinds = [_text(document.get("artifactType"))] if _text(document.get("artifactType")) else [
        _text(entry.get("artifactType")) for entry in (entries if isinstance(entries, list) else [])
        if isinstance(entry, dict)
    ]
    if not kinds or not all(isinstance(k, str) and k for k in kinds):
        return None
    return classify_manifest({"artifactType": kinds[0]})


def _devcontainers(layers: list[dict], layer_types: list[str], evidence: str) -> Artifact:
    if _COLLECTION_LAYER in layer_types:
        return Artifact("devcontainers", _("a dev container Feature or Template collection's "
                                           "metadata (`devcontainer-collection.json`)"), evidence)
    for layer in layers:
        annotations = layer.get("annotations")
        title = annotations.get(_TITLE) if isinstance(annotations, dict) else None
        if not isinstance(title, str):
            continue
        if title.startswith("devcontainer-feature-"):
            return Artifact("feature", t("a dev container Feature (`{title}`)",
                                         title=_shown(title)), evidence)
        if title.startswith("devcontainer-template-"):
            return Artifact("template", t("a dev container Template (`{title}`)",
                                          title=_shown(title)), evidence)
    return Artifact("devcontainers", _("a dev container Feature or Template"), evidence)


def _helm_label(document: dict, what: str) -> str:
    annotations = document.get("annotations")
    if not isinstance(annotations, dict):
        return what
    name, version = annotations.get(_TITLE), annotations.get("org.opencontainers.image.version")
    if isinstance(name, str) and name:
        if isinstance(version, str) and version:
            return f"{what} (`{_shown(name)}` {_shown(version)})"
        return f"{what} (`{_shown(name)}`)"
    return what


def fix_for(artifact: Artifact, ref: str, source: str) -> str:
    """What to do instead of pulling the artifact as the dev container's image."""
    if artifact.kind in ("feature", "template", "devcontainers"):
        image = ImageRef(ref=ref, host="", repository="", reference="", source=source)
        what = {"feature": "Feature", "template": "Template"}.get(artifact.kind, "")
        if what:
            return artifact_fix(image, what)
        return t("Name a container image in {source}; a Feature goes under `features` in "
                 "devcontainer.json, a Template is applied (`devcontainer templates apply`), not "
                 "pulled. Then rebuild the container.", source=source)
    if artifact.kind == "helm":
        return t("A Helm chart is installed into a cluster with `helm install`, not run as a "
                 "dev container: name a container image in {source}, then rebuild the "
                 "container.", source=source)
    if artifact.kind == "signature":
        return t("This tag holds {label}, not the image it describes: name the image's own tag "
                 "or digest in {source}, then rebuild the container.", label=artifact.label,
                 source=source)
    return t("Name a container image in {source}, then rebuild the container.", source=source)


def artifact_fix(image: ImageRef, what: str) -> str:
    """How to use a Feature or Template the way it is meant, with a real image instead."""
    name = image.ref.split("@", 1)[0]
    if ":" in name.rsplit("/", 1)[-1]:
        name = name.rsplit(":", 1)[0]  # the tag, not a registry port
    if what.startswith("Feature"):
        return t("Name a real image in {source} (for example `{official}`) and list the Feature "
                 "under `features` in devcontainer.json: `{features}`; then rebuild the "
                 "container.", source=image.source, official=_OFFICIAL_IMAGE,
                 features=f'"features": {{"{image.ref}": {{}}}}')
    if what.startswith("Template"):
        return t("A Template is applied, not pulled: `devcontainer templates apply --template-id "
                 "{name}` (or the editor's Add Dev Container Configuration) writes a "
                 "devcontainer.json whose `image` is a real image (for example `{official}`). Use "
                 "that, then rebuild the container.", name=name, official=_OFFICIAL_IMAGE)
    return t("Name a container image in {source}, not an OCI artifact, then rebuild the "
             "container.", source=image.source)
