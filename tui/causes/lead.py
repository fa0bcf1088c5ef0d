"""Choose one lead cause per failing image and lower what it explains."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui.causes.rules import GENERIC, LEADS_AS_WARNING, LOG_LINE, LOWERED_NOTE, NEVER_LEAD, tier
from tui.i18n import t
from tui.model import Finding, Severity
from tui.record import replace

ANY = "*"
"""The subject of findings that name no image: the failing image of the codespace."""


def _candidate(item: Finding) -> bool:
    if item.code in NEVER_LEAD:
        return False
    return item.severity is Severity.ERROR or (
        item.severity is Severity.WARNING and item.code in LEADS_AS_WARNING)


def _subject(item: Finding, images: Sequence[str], image_sets: Mapping[str, str | None]) -> str:
    if item.image:
        return item.image
    if item.secret_set:
        covered = [ref for ref in images if image_sets.get(ref) == item.secret_set]
        # a set that covers no image is its own subject: it explains no image's failure
        return covered[0] if covered else f"set:{item.secret_set}"
    return ANY


def _groups(findings: Sequence[Finding], images: Sequence[str],
            image_sets: Mapping[str, str | None]) -> dict[str, list[int]]:
    """Candidate indexes by the image they are about (image-less ones join the first)."""
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(findings):
        if _candidate(item):
            groups.setdefault(_subject(item, images, image_sets), []).append(index)
    loose = groups.pop(ANY, [])
    if loose:
        order = {ref: i for i, ref in enumerate(images)}
        images_only = [ref for ref in groups if not ref.startswith("set:")]
        first = min(images_only, key=lambda ref: order.get(ref, len(order)), default=ANY)
        groups.setdefault(first, []).extend(loose)
        groups[first].sort()
    return groups


def judge(findings: Sequence[Finding], images: Sequence[str] = (),
          image_sets: Mapping[str, str | None] | None = None) -> list[Finding]:
    """The findings with `lead` set on each failing image's most specific cause, and the
    generic findings (and the log's line) that cause explains lowered to info."""
    sets = image_sets or {}
    plain = [replace(f, lead=False) if f.lead else f for f in findings]
    groups = _groups(plain, images, sets)
    leads: set[int] = set()
    lowered: dict[int, str] = {}
    for members in groups.values():
        lead = min(members, key=lambda i: (tier(plain[i].code, plain[i].step),
                                           plain[i].severity.rank, i))
        leads.add(lead)
        rank = tier(plain[lead].code, plain[lead].step)
        for index in members:
            other = plain[index]
            level = tier(other.code, other.step)
            if index != lead and level > rank and level >= LOG_LINE:
                lowered[index] = plain[lead].code
    explained = {code: plain[i].code for i in leads for code in plain[i].explains}
    for index, item in enumerate(plain):
        if index not in leads and item.code in explained and (
                tier(item.code, item.step) == GENERIC or item.step == "context"):
            lowered.setdefault(index, explained[item.code])
    judged = []
    for index, item in enumerate(plain):
        if index in leads:
            item = replace(item, lead=True)
        elif index in lowered and item.severity is not Severity.INFO:
            item = replace(
                item, severity=Severity.INFO,
                detail=item.detail + t(LOWERED_NOTE, lead=lowered[index]))
        judged.append(item)
    return judged


def first_fix(findings: Sequence[Finding], images: Sequence[str] = ()) -> Finding | None:
    """The lead of the first failing image (in the order of `images`), else None."""
    leads = [f for f in findings if f.lead]
    if not leads:
        return None
    order = {ref: i for i, ref in enumerate(images)}
    return min(leads, key=lambda f: order.get(f.image or "", -1 if f.image is None else
                                              len(order)))
