"""Feature failures the log explains: a namespace that moved, a Feature brought in by another.

The dev containers CLI prints `Resolving Feature dependencies for 'ID'...` for each Feature of
devcontainer.json, then `* Processing feature: ID` for each Feature it fetches, its
dependencies (`dependsOn`) included. A failing Feature that is not one devcontainer.json names
is a dependency of the Feature resolved before it.
"""

from __future__ import annotations

import re

from tui.fix_texts import fix_text
from tui.lazy_pattern import LazyPattern
from tui.logs.cure import NOT_ACCESS, Remedy
from tui.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.logs.reader import LogDiagnosis

def moved(feature: str) -> str | None:
    """The replacement id of a Feature in a retired namespace the dev containers CLI
    redirects (`tui.workspace.features.REDIRECTED_NAMESPACES`: devcontainers-contrib →
    devcontainers-extra), or None when it did not move."""
    from tui.workspace.features import REDIRECTED_NAMESPACES

    parts = feature.split("/")
    if len(parts) > 2 and parts[1].lower() in REDIRECTED_NAMESPACES:
        parts[1] = REDIRECTED_NAMESPACES[parts[1].lower()]
        return "/".join(parts)
    return None

_RESOLVING = LazyPattern(r"Resolving Feature dependencies for '([^']+)'", re.IGNORECASE)
_PROCESSING = LazyPattern(r"\* Processing feature: (\S+)", re.IGNORECASE)
_FEATURE_REF = LazyPattern(r"(ghcr\.io/[A-Za-z0-9._/-]+/features/[A-Za-z0-9._-]+(?::[\w.-]+)?)")


@record(frozen=True)
class FeatureTrail:
    """What the log says about the Features: the failing one and who brought it in."""

    failing: str | None
    roots: tuple[str, ...]
    parent: str | None
    """The devcontainer.json Feature whose dependencies include the failing one (None when
    the failing Feature is itself named by devcontainer.json, or nothing says)."""


def trail(verdict: LogDiagnosis, attempt: tuple[str, ...],
          configured: tuple[str, ...] = ()) -> FeatureTrail:
    """The failing Feature and its parent, from the processing order of the attempt."""
    roots: list[str] = []
    processed: list[tuple[str, str | None]] = []  # (feature, the root resolved last)
    failing = verdict.reference if verdict.reference and "/" in verdict.reference else None
    for line in attempt:
        found = _RESOLVING.search(line)
        if found:
            roots.append(found.group(1))
            continue
        found = _PROCESSING.search(line)
        if found:
            processed.append((found.group(1), roots[-1] if roots else None))
        if verdict.line and verdict.line[:60] in line:
            break
    if failing is None and processed:
        failing = processed[-1][0]
    if failing is None:
        found = _FEATURE_REF.search(verdict.line)
        failing = found.group(1) if found else None
    named = {_bare(f) for f in (*configured, *roots)}
    parent = None
    if failing is not None and (roots or configured) and _bare(failing) not in named:
        parent = next((root for feature, root in reversed(processed)
                       if _bare(feature) == _bare(failing) and root), None)
        if parent is None and len(roots) == 1:
            parent = roots[0]
    return FeatureTrail(failing, tuple(roots), parent)


def feature_remedy(verdict: LogDiagnosis, attempt: tuple[str, ...],
                   configured: tuple[str, ...] = ()) -> Remedy | None:
    """The cure for a Feature failure the log explains (r3-feature-001: a moved namespace;
    r3-feature-003: a dependency in a moved namespace), or None."""
    if verdict.klass != "feature" and not _processing_failed(verdict, attempt):
        return None
    found = trail(verdict, attempt, configured)
    if found.failing is None:
        return None
    replacement = moved(found.failing)
    if replacement is not None:
        if found.parent:
            parent = fix_text("FEATURE_UNREACHABLE", "feature-dependency",
                              feature=found.failing, parent_id=found.parent,
                              replacement=_bare(replacement))
        else:
            parent = fix_text("FEATURE_UNREACHABLE", "feature-moved-direct",
                              replacement=replacement)
        fix = fix_text("FEATURE_UNREACHABLE", "feature-moved", feature=found.failing,
                       replacement=_namespace(replacement), parent=parent)
        return Remedy("feature-moved", fix, explains=NOT_ACCESS, code="FEATURE_UNREACHABLE")
    if found.parent:
        fix = fix_text("FEATURE_UNREACHABLE", "feature-dependency-other", feature=found.failing,
                       parent_id=found.parent)
        return Remedy("feature-dependency", fix, code="FEATURE_UNREACHABLE")
    return None


def _processing_failed(verdict: LogDiagnosis, attempt: tuple[str, ...]) -> bool:
    """The failing line comes while the CLI fetches Features (a 403 of its OCI client …)."""
    return any(_PROCESSING.search(line) for line in attempt) and verdict.klass in (
        "auth", "denied", "not-found")


def _bare(feature: str) -> str:
    """A Feature id without its version, lower case."""
    last = feature.rsplit("/", 1)
    name = last[-1].split(":", 1)[0].split("@", 1)[0]
    return (last[0] + "/" + name).lower() if len(last) == 2 else name.lower()


def _namespace(feature: str) -> str:
    return feature.rsplit("/", 1)[0]
