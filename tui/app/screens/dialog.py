"""The base of the wizard's dialogs (help, explanation): a framed box, a hint, Escape closes.

Its stylesheet, `dialog.tcss`, is a screen's CSS_PATH: parsed when the first dialog opens,
not with the wizard's stylesheet, so start-up parses only what the step screens use.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import _


class Dialog(ModalScreen[None]):
    """A modal box: `content()` between an optional title and the closing hint."""

    CSS_PATH = Path(__file__).parent / "dialog.tcss"
    SCOPED_CSS = False
    title_text: str = ""
    hint: str = ""
    """The closing hint (empty: "Escape closes this." in the current language)."""

    def content(self) -> list[Widget]:
        """What the dialog shows (subclasses override)."""
        return []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            if self.title_text:
                yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield from self.content()
            hint = self.hint or _("Escape closes this.")
            yield Static(Text(hint, style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
