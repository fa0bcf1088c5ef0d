"""`registry-doctor explain`, and docs/findings.md, both from the catalogue."""

from __future__ import annotations

import difflib
import importlib

from tui.catalogue import CATALOGUE, CodeInfo, info
from tui.i18n import _, t
from tui.i18n.width import pad
from tui.model import STEP_IDS, STEP_TITLES

EXTRA_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "ECR_PERMISSION_MISSING": ("tui.aws.policy", "EXPLANATION"),
}
"""Codes with a longer explanation kept beside the check that raises them (module, attribute)."""


def _extra(code: str) -> str | None:
    where = EXTRA_EXPLANATIONS.get(code)
    if where is None:
        return None
    try:
        return str(getattr(importlib.import_module(where[0]), where[1]))
    except (ImportError, AttributeError):
        return None


def explain_text(code: str) -> str | None:
    """The explanation of `code` (any case) as plain text, or None for an unknown code."""
    if code.strip().upper() not in CATALOGUE:
        return None
    entry = info(code.strip().upper())
    lines = [
        f"{entry.code}  [" + t("{severity}, step: {step}", severity=_(entry.severity.value),
                               step=_(STEP_TITLES[entry.step])) + "]",
        "",
        entry.title,
        "",
        entry.meaning,
        "",
        t("Fix: {fix}", fix=entry.fix),
    ]
    extra = _extra(entry.code)
    if extra:
        lines += ["", extra.strip()]
    return "\n".join(lines) + "\n"


def suggest(code: str) -> str | None:
    """The closest known code to a mistyped one."""
    close = difflib.get_close_matches(code.strip().upper(), list(CATALOGUE), n=1, cutoff=0.6)
    return close[0] if close else None


def _by_step() -> dict[str, list[CodeInfo]]:
    grouped: dict[str, list[CodeInfo]] = {step: [] for step in STEP_IDS}
    for entry in CATALOGUE.values():
        grouped[entry.step].append(entry)
    return grouped


def list_text() -> str:
    """Every code, one a line, grouped by step."""
    lines: list[str] = []
    for step, entries in _by_step().items():
        lines.append(f"{_(STEP_TITLES[step])}:")
        lines += [f"  {e.code:<28} {pad(_(e.severity.value), 8)} {info(e.code).title}"
                  for e in entries]
    return "\n".join(lines) + "\n"


def findings_markdown() -> str:
    """The text of docs/findings.md (a test keeps the file equal to this)."""
    out = [
        "# Finding codes",
        "",
        "Every finding `registry-doctor` reports, by step. The same text is printed by",
        "`registry-doctor explain CODE`. Severities are defaults: a finding may be raised or",
        "lowered where the context says so. This file is generated from `tui/catalogue.py`",
        "(`python -m tui.report.explain > docs/findings.md`).",
        "",
    ]
    for step, entries in _by_step().items():
        out += [f"## {STEP_TITLES[step]} (step `{step}`)", ""]
        for entry in entries:
            out += [
                f"### `{entry.code}`",
                "",
                f"*{entry.severity.value}* — {entry.title}.",
                "",
                entry.meaning,
                "",
                f"**Fix:** {entry.fix}",
                "",
            ]
            extra = _extra(entry.code)
            if extra:
                out += [extra.strip(), ""]
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(findings_markdown(), end="")
