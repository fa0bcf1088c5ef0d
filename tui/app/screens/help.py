"""The help dialog: the wizard's keys and what each step checks."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.screens.dialog import DIALOG_CSS
from tui.steps import WIZARD_STEPS

KEYS: tuple[tuple[str, str], ...] = (
    ("n  →", "next step"),
    ("b  ←", "previous step"),
    (f"1 … {len(WIZARD_STEPS)}", "jump to a step"),
    ("r", "re-run this step"),
    ("Enter  x", "what the selected finding's code means"),
    ("Tab  ↑ ↓", "move between findings"),
    ("e", "export the redacted Markdown report"),
    ("c", "copy the report to the clipboard (Summary)"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Keys of the wizard; Escape, q or ? closes it."""

    CSS = DIALOG_CSS
    SCOPED_CSS = False  # the same selectors as in the wizard's stylesheet

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", show=False, id="help.close-q"),
        Binding("question_mark", "close", show=False, id="help.close-help"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, meaning in KEYS:
            table.add_row(key, meaning)
        with Vertical(id="dialog"):
            yield Static(Text("registry-doctor: keys", style="bold"), classes="dialog-title")
            yield Static(table)
            yield Static(Text("Escape closes this help.", style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
