"""The repair dialog (`f` on a finding that has one): what `fix` would change, and a yes.

The same content as `registry-doctor fix`: the summary (names, never values), the exact
requests, what it needs and how to undo it. Values it needs are typed into password inputs
(never shown, kept in memory only); Enter or `y` makes the repair, Escape leaves it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.app.screens.dialog import Dialog
from tui.i18n import N_, _, t
from tui.model import Secret
from tui.repairs.model import Repair


def repair_text(repair: Repair) -> Text:
    """The repair as `fix` lists it: code, summary, requests, needs, undo."""
    text = Text()
    text.append(f"{repair.code}\n", style="bold")
    text.append(f"{repair.summary}\n\n")
    text.append(_("Requests") + "\n", style="bold")
    for request in repair.requests:
        text.append(f"  {request}\n")
    text.append("\n" + _("Needs: "), style="bold")
    text.append(f"{repair.needs}\n")
    text.append(_("Undo: "), style="bold")
    text.append(_("; ").join(repair.undo))
    return text


class RepairScreen(Dialog):
    """One repair, asked for before it is made."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="repair.close"),
        Binding("y", "confirm", N_("Make it"), show=False, id="repair.confirm"),
        Binding("enter", "confirm", N_("Make it"), show=False, id="repair.confirm-enter"),
    ]

    def __init__(self, repair: Repair, on_yes: Callable[[Repair, dict[str, Secret]], object]):
        super().__init__()
        self.repair = repair
        self.on_yes = on_yes
        self.title_text = _("Repair")
        self.hint = _("Enter or y makes this repair · Escape leaves it as it is.")
        if repair.typed:
            self.hint = _("Type each value (it is not shown), then Enter tests it and makes "
                          "this repair · Escape leaves it as it is.")

    def content(self) -> list[Widget]:
        widgets: list[Widget] = [Static(repair_text(self.repair), id="repair-text")]
        for name in self.repair.typed:
            widgets.append(Input(password=True, placeholder=t("{name} (not shown)", name=name),
                                 name=name, classes="repair-value"))
        return widgets

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        """Hand the repair and its typed values to the app, and close."""
        typed = {field.name: Secret(field.value.strip()) for field in self.query(Input)
                 if field.name and field.value.strip()}
        self.on_yes(self.repair, typed)
        self.dismiss(None)
