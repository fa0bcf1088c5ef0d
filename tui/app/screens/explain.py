"""The explanation dialog: what a finding code means and its usual fix (from the catalogue)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.dialog import Dialog
from tui.app.widgets.symbols import FIX_STYLE, themed
from tui.catalogue import info
from tui.i18n import N_, _, t
from tui.steps import STEP_TITLES


def explanation_text(code: str) -> Text:
    """Code, severity, step, title, meaning and fix of `code` (or a note when unknown)."""
    try:
        entry = info(code)
    except KeyError:
        return Text(t("{code}: not in the catalogue.", code=code))
    text = Text()
    text.append(entry.code, style="bold")
    step = _(STEP_TITLES.get(entry.step, entry.step))
    text.append("  [" + t("{severity}, step: {step}", severity=_(entry.severity.value),
                          step=step) + "]\n", style="dim")
    text.append(f"{entry.title}\n\n", style="bold")
    text.append(f"{entry.meaning}\n\n")
    text.append(_("Usual fix: "), style=themed(FIX_STYLE))
    text.append(entry.fix)
    return text


class ExplainScreen(Dialog):
    """`registry-doctor explain CODE`, one key away from a finding."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="explain.close"),
        Binding("q", "close", show=False, id="explain.close-q"),
        Binding("enter", "close", show=False, id="explain.close-enter"),
        Binding("x", "close", show=False, id="explain.close-x"),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def content(self) -> list[Widget]:
        return [Static(explanation_text(self.code))]
