"""The redacted Markdown report the wizard exports (the lead's renderer, or a minimal one)."""

from __future__ import annotations

import importlib
from pathlib import Path

from tui.model import STEP_IDS, STEP_TITLES

DEFAULT_REPORT_NAME = "registry-doctor-report.md"


def render_report(diagnosis) -> str:
    """`tui.report.markdown.render_markdown(diagnosis)` when present, else a minimal report.

    Either way the text passes the diagnosis's redactor once more before it leaves.
    """
    try:
        module = importlib.import_module("tui.report.markdown")
        text = module.render_markdown(diagnosis)
    except ImportError:
        text = minimal_markdown(diagnosis)
    return diagnosis.redactor(text)


def minimal_markdown(diagnosis) -> str:
    """A short Markdown report: steps, then the fixes in order (findings are already redacted)."""
    lines = ["# registry-doctor report", "", "## Steps", ""]
    for step in STEP_IDS:
        result = diagnosis.results.get(step)
        status = result.status if result is not None else "not run"
        note = f" ({result.note})" if result is not None and result.note else ""
        lines.append(f"- {STEP_TITLES[step]}: {status}{note}")
    lines += ["", "## Findings", ""]
    findings = diagnosis.findings
    if not findings:
        lines.append("None.")
    for item in findings:
        scope = f" [{item.secret_set or item.image}]" if item.secret_set or item.image else ""
        lines += [
            f"### `{item.code}` ({item.severity.value}){scope}: {item.title}",
            "",
            item.detail,
            "",
            f"**Fix:** {item.fix}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def write_report(diagnosis, path: Path) -> Path:
    """Write the redacted report to `path` and return it."""
    path.write_text(render_report(diagnosis), encoding="utf-8")
    return path
