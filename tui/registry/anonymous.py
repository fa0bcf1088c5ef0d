"""Is an image publicly pullable? (Used by the naming step for IMAGE_REGISTRY_UNCOVERED.)"""

from __future__ import annotations

from tui.model import ImageRef

_DENIED = {"PULL_DENIED", "LOGIN_UNAUTHORIZED", "GHCR_PACKAGE_ACCESS"}


def anonymous_pull_ok(image: ImageRef, options, remember: dict | None = None) -> bool | None:
    """True when an anonymous pull token and manifest read succeed, False when the registry
    refuses anonymous reads, None when it cannot be told (offline, network fault, not found).

    `remember[image.ref]` keeps the ladder, so the pull step need not wait on a fault again.
    """
    if getattr(options, "offline", False):
        return None
    from tui.registry.probe import probe_pull

    ladder = probe_pull(image, None, None, options, fetch_blob=False)
    if remember is not None:
        remember[image.ref] = ladder
    if ladder.failure is None or ladder.failure.code == "IMAGE_NOT_AN_IMAGE":
        return True  # the manifest was read anonymously (an artifact's, but readable)
    if ladder.failure.code in _DENIED:
        return False
    return None
