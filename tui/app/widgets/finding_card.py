"""One finding on screen: code, severity, title, detail and fix; Enter or x explains the code."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from tui.app.messages import ExplainRequested
from tui.app.widgets.cell_wrap import wrapped
from tui.app.widgets.symbols import FIX_STYLE, SEVERITY_STYLE, themed
from tui.i18n import N_, _
from tui.model import Finding


def finding_text(item: Finding, number: int | None = None) -> Text:
    """The card's text (plain `Text`, never markup: details may hold brackets)."""
    text = Text()
    if number is not None:
        text.append(f"{number}. ", style="bold")
    severity = themed(SEVERITY_STYLE[item.severity.value])
    text.append(f"{_(item.severity.value).upper()} ", style=severity)
    text.append(item.code, style="bold")
    if item.lead:
        text.append(_(" (the cause)"), style="bold")
    text.append(f"  {item.title}")
    scope = item.secret_set or item.image
    if scope:
        text.append(f"  [{scope}]", style="dim")
    if item.detail:
        text.append("\n")
        text.append(item.detail)
    if item.fix:
        text.append("\n" + _("Fix: "), style=themed(FIX_STYLE))
        text.append(item.fix)
    return text


class FindingCard(Static, can_focus=True):
    """A focusable finding; Enter or `x` opens what its code means."""

    BINDINGS = [
        Binding("enter", "explain", N_("Explain"),
                tooltip=N_("what the selected finding's code means"),
                id="finding.explain"),
        Binding("x", "explain", N_("Explain"), show=False,
                tooltip=N_("what the selected finding's code means"), id="finding.explain-x"),
        Binding("down", "app.focus_next", show=False, id="finding.next"),
        Binding("up", "app.focus_previous", show=False, id="finding.previous"),
    ]

    DEFAULT_CSS = """
    FindingCard {
        padding: 0 1;
        border-left: thick $secondary;
    }
    FindingCard.-error {
        border-left: thick $error;
    }
    FindingCard.-warning {
        border-left: thick $warning;
    }
    FindingCard.-info {
        border-left: thick $accent;
    }
    FindingCard:focus {
        background: $boost;
        border-left: thick $foreground;
    }
    """
    """Here, not in app.tcss: parsed when the first card is shown, not before the first paint."""

    def __init__(self, item: Finding, number: int | None = None, **kwargs) -> None:
        super().__init__(wrapped(finding_text(item, number)), **kwargs)
        self.finding = item
        self.add_class(f"-{item.severity.value}")

    def action_explain(self) -> None:
        """Ask the app to show the catalogue's explanation of this code."""
        self.post_message(ExplainRequested(self.finding.code))
