"""The repository rights on one ECR image: BatchGetImage, then one layer's download URL."""

from __future__ import annotations

import json

from tui.catalogue import finding
from tui.checks.ecr.result import ALLOWED, BATCH_GET_IMAGE, DENIED, GET_LAYER_URL, STEP, aws_calls
from tui.i18n import t
from tui.model import Finding, ImageRef
from tui.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.aws.calls import AwsClients
    from tui.checks.ecr.keys import SetCheck


MANIFEST_MEDIA_TYPES = [
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
]

PLACEHOLDER_DIGEST = "sha256:" + "0" * 64
"""A layer no repository holds: asks for the right without needing a real layer."""


@record
class ImageCheck:
    """The repository rights on one image: BatchGetImage, then one layer's download URL."""

    owner: SetCheck
    clients: AwsClients
    image: ImageRef
    actions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    image_missing: bool = False

    def run(self) -> ImageCheck:
        owner, image = self.owner, self.image
        owner.progress("rights", "running", f"{image.repository}:{image.reference}")
        manifest = self.read_manifest(image.reference)
        if manifest is not None and "manifests" in manifest:
            child = _pick_platform(manifest)
            manifest = self.read_manifest(child) if child else None
        layer = _layer_digest(manifest) if manifest is not None else None
        if layer is None and (self.actions.get(BATCH_GET_IMAGE) == DENIED or self.image_missing):
            # No manifest to take a layer from: AWS checks the right before it looks for the
            # layer, so a placeholder digest still tells allowed (LayersNotFound) from denied.
            layer = PLACEHOLDER_DIGEST
        if layer is None:
            if manifest is not None:
                self.notes.append(t("{ref}: the manifest names no layer; "
                                    "GetDownloadUrlForLayer was not tested.", ref=image.ref))
            return self
        outcome = aws_calls().call(self.clients, "ecr", "get_download_url_for_layer", owner.redact,
                       registryId=self._registry_id(), repositoryName=image.repository,
                       layerDigest=layer)
        if outcome.ok or outcome.kind == "layer-not-found":
            self.actions[GET_LAYER_URL] = ALLOWED
        elif outcome.kind in ("repository-not-found", "image-not-found"):
            pass
        elif outcome.kind == "denied":
            self.actions[outcome.action or GET_LAYER_URL] = DENIED
        elif outcome.kind == "not-implemented":
            self.notes.append(t("{ref}: the AWS endpoint does not implement "
                                "GetDownloadUrlForLayer; that right was not checked.",
                                ref=image.ref))
        elif not owner._fatal(outcome, "rights"):
            self.notes.append(f"{image.ref}: GetDownloadUrlForLayer: {outcome.code} "
                              f"{outcome.message}")
        return self

    def read_manifest(self, reference: str) -> dict | None:
        """The manifest for `reference` (tag or digest); None when it cannot be read."""
        owner, image = self.owner, self.image
        key = "imageDigest" if ":" in reference else "imageTag"  # tags cannot hold ":"
        outcome = aws_calls().call(self.clients, "ecr", "batch_get_image", owner.redact,
                       registryId=self._registry_id(), repositoryName=image.repository,
                       imageIds=[{key: reference}], acceptedMediaTypes=MANIFEST_MEDIA_TYPES)
        if outcome.kind == "denied":
            self.actions[outcome.action or BATCH_GET_IMAGE] = DENIED
            return None
        if outcome.kind == "repository-not-found":
            registry = owner.registry
            fields = {"repository": image.repository, "ref": image.ref,
                      "source": image.source}
            detail = (t("No repository `{repository}` in account {account}, region {region} "
                        "(needed by {ref}, from {source}).", account=registry.account,
                        region=registry.region, **fields) if registry else
                      t("No repository `{repository}` (needed by {ref}, from {source}).",
                        **fields))
            self.findings.append(finding(
                "ECR_REPOSITORY_NOT_FOUND",
                owner.redact(detail),
                owner.redact(t(
                    "Check the repository name in {source} against `aws ecr "
                    "describe-repositories --region {region}`, and that the server's account "
                    "and region are where it was pushed.", source=image.source,
                    region=registry.region if registry else "REGION")),
                secret_set=owner.prefix, image=image.ref, step=STEP, stage="rights"))
            return None
        if owner._fatal(outcome, "rights"):
            return None
        if not outcome.ok:
            self.notes.append(f"{image.ref}: BatchGetImage: {outcome.code} {outcome.message}")
            return None
        self.actions[BATCH_GET_IMAGE] = ALLOWED
        images = outcome.value.get("images") or []
        if not images:
            failures = outcome.value.get("failures") or [{}]
            reason = failures[0].get("failureReason") or failures[0].get("failureCode") or ""
            self.findings.append(finding(
                "IMAGE_NOT_FOUND",
                owner.redact(
                    t("{repository} has no image {reference} in {host}: {reason}",
                      repository=image.repository, reference=reference, host=owner.host,
                      reason=reason) if reason else
                    t("{repository} has no image {reference} in {host}",
                      repository=image.repository, reference=reference, host=owner.host)),
                t("Push the image or fix the tag in {source}; list the tags with `aws ecr "
                  "list-images --region {region} --repository-name {repository}`.",
                  source=image.source, region=owner.result.region,
                  repository=image.repository),
                secret_set=owner.prefix, image=image.ref, step=STEP, stage="rights"))
            self.image_missing = True
            return None
        try:
            manifest = json.loads(images[0].get("imageManifest") or "{}")
        except ValueError:
            manifest = {}
        return manifest if isinstance(manifest, dict) else {}

    def _registry_id(self) -> str:
        registry = self.owner.registry
        return registry.account if registry else ""


def _pick_platform(index: dict) -> str | None:
    """The index entry a codespace pulls (linux/amd64, chosen as the Pull step chooses it);
    else the first, whose rights are the same."""
    from tui.registry.probe.manifest import platform_entry

    entry = platform_entry(index) or next(
        (m for m in index.get("manifests") or [] if isinstance(m, dict)), None)
    return entry.get("digest") if entry else None


def _layer_digest(manifest: dict) -> str | None:
    """The layer the Pull step would test (the smallest)."""
    from tui.registry.probe.manifest import smallest_layer

    layer = smallest_layer(manifest)
    return str(layer["digest"]) if layer else None
