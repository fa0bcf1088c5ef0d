"""The redacted Markdown report the wizard exports or copies."""

from __future__ import annotations

from pathlib import Path


def render_report(diagnosis) -> str:
    """The Markdown report (`tui.report.markdown`, imported when first asked for), redacted."""
    from tui.report.markdown import render_markdown

    return render_markdown(diagnosis)


def write_report(diagnosis, path: Path) -> Path:
    """Write the redacted report to `path` and return it."""
    path.write_text(render_report(diagnosis), encoding="utf-8")
    return path
