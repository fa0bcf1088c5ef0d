"""What a remedy is: the fix a cause calls for, who makes it, and what it makes moot."""

from __future__ import annotations

from tui.record import record

GENERIC = ("NO_REGISTRY_SECRETS", "IMAGE_REGISTRY_UNCOVERED", "CODESPACES_PLATFORM_FAULT",
           "CREATION_LOG_UNCLASSIFIED")
"""Findings that only say something is missing or failed: a named cause explains them."""

NOT_ACCESS = (*GENERIC, "GHCR_PACKAGE_ACCESS", "PULL_DENIED", "SECRET_ONLY_ON_GITHUB")
"""What a cause outside access control (a missing tag, a bad name) makes moot as well."""


@record(frozen=True)
class Remedy:
    """The cure the evidence calls for."""

    rule: str
    fix: str
    actor: str = "you"
    explains: tuple[str, ...] = GENERIC
    code: str = "CREATION_LOG_ERROR"
    """The finding that carries it (a reference problem is IMAGE_REF_INVALID …)."""
