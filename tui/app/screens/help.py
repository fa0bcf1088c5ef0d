"""The help dialog: the wizard's keys and what each step checks."""

from __future__ import annotations

from rich.table import Table
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.dialog import Dialog
from tui.app.widgets.symbols import KEY_STYLE, themed
from tui.i18n import N_, _
from tui.steps import WIZARD_STEPS, WIZARD_TITLES


def key_rows() -> list[tuple[str, str]]:
    """The help's rows, from the bindings of the wizard, the finding cards and each screen."""
    from tui.app.keys import WIZARD_BINDINGS, help_rows
    from tui.app.screens import screen_class
    from tui.app.widgets.finding_card import FindingCard

    groups: list[tuple[str, list[Binding]]] = [("", WIZARD_BINDINGS),
                                               ("", _bindings(FindingCard.BINDINGS))]
    for step in WIZARD_STEPS:
        own = _bindings(screen_class(step).BINDINGS)
        if own:
            groups.append((_(WIZARD_TITLES[step]), own))
    return help_rows(groups)


def _bindings(items: object) -> list[Binding]:
    return [b for b in items if isinstance(b, Binding)] if isinstance(items, list) else []


class HelpScreen(Dialog):
    """Keys of the wizard; Escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="help.close"),
        Binding("q", "close", show=False, id="help.close-q"),
        Binding("question_mark", "close", show=False, id="help.close-help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.title_text = _("registry-doctor: keys")
        self.hint = _("Escape closes this help.")

    def content(self) -> list[Widget]:
        table = Table.grid(padding=(0, 2))
        table.add_column(style=themed(KEY_STYLE), no_wrap=True)
        table.add_column()
        for key, meaning in key_rows():
            table.add_row(key, meaning)
        return [Static(table)]
