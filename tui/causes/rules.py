"""The cause model's rules, as data: how specific each finding is, and which never lead.

SPEC, Causes and remedies: a name, value or reference finding that explains the failure beats
a probe or GitHub verdict, which beats the creation log's classified line, which beats the
generic ones.
"""

from __future__ import annotations

from tui.i18n import N_

REFERENCE, VERDICT, LOG_LINE, GENERIC = 0, 1, 2, 3
"""Specificity tiers, most specific first."""

TIER_BY_CODE: dict[str, int] = {
    "IMAGE_REF_INVALID": REFERENCE,
    "DEVCONTAINER_INVALID": REFERENCE,
    "IMAGE_NOT_AN_IMAGE": REFERENCE,
    "FEATURE_UNREACHABLE": VERDICT,
    "GHCR_PACKAGE_ACCESS": VERDICT,
    "CREATION_LOG_ERROR": LOG_LINE,
    "NO_REGISTRY_SECRETS": GENERIC,
    "IMAGE_REGISTRY_UNCOVERED": GENERIC,
    "CODESPACES_PLATFORM_FAULT": GENERIC,
    "CREATION_LOG_UNCLASSIFIED": GENERIC,
    "INTERNAL_ERROR": GENERIC,
}
"""Codes whose tier is not their step's."""

TIER_BY_STEP: dict[str, int] = {
    "context": REFERENCE, "secrets": REFERENCE, "naming": REFERENCE,
    "github": VERDICT, "login": VERDICT, "pull": VERDICT, "ecr": VERDICT,
}
"""The tier of every other code: the names and values are specific, the probes verdicts."""

NEVER_LEAD = frozenset({
    "RECOVERY_MODE", "DOCKER_DAEMON_UNAVAILABLE", "DEVCONTAINER_NOT_FOUND",
    "GITHUB_TOKEN_UNAVAILABLE", "GITHUB_TOKEN_SCOPE", "GITHUB_API_UNREACHABLE",
    "INTERNAL_ERROR",
})
"""Findings about the tool's own reach, not about why an image failed."""

LEADS_AS_WARNING = frozenset({"CODESPACES_PLATFORM_FAULT", "CREATION_LOG_UNCLASSIFIED"})
"""Warnings that can still be the only cause named (every other lead is an error)."""

LOWERED_NOTE = N_(" (Lowered to info: {lead} names the cause of this failure.)")
"""Appended to the detail of a finding the lead explains."""


def tier(code: str, step: str) -> int:
    """How specific a finding is (0 most)."""
    return TIER_BY_CODE.get(code, TIER_BY_STEP.get(step, GENERIC))
