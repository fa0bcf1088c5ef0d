"""A live ladder on screen: the stages one secret set (login) or one image (pull) goes through.

The `Ladder` itself (plain data) is in `tui.app.state`; this module, with its widget class, is
imported by the first screen that shows a ladder."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.app.state import Ladder
from tui.app.widgets.symbols import STATE_STYLE, STATE_SYMBOL, themed
from tui.i18n import _
from tui.steps import STAGE_LABELS


def ladder_text(ladder: Ladder) -> Text:
    """`ACR  DNS ✓ → TCP ✓ → TLS ⋯ → challenge · → credentials ·`, then the notes to show."""
    text = Text()
    text.append(f"{ladder.subject}\n", style="bold")
    text.append("  ")
    for index, stage in enumerate(ladder.stages):
        if index:
            text.append(" → ", style="dim")
        state = ladder.state(stage)
        style = themed(STATE_STYLE.get(state, ""))
        text.append(f"{stage_label(stage)} {STATE_SYMBOL.get(state, '?')}", style=style)
    if ladder.note:
        text.append("\n  ")
        text.append(ladder.note, style="dim")
    for stage in shown_details(ladder):
        text.append(f"\n  {stage_label(stage)}: ", style="dim")
        text.append(ladder.details[stage])
    return text


def stage_label(stage: str) -> str:
    """How a stage is written on screen, in the current language."""
    return _(STAGE_LABELS.get(stage, stage))


def shown_details(ladder: Ladder) -> list[str]:
    """The stages whose note the screen shows: every one that did not pass (why), and, for a
    ladder that passed, the last stage's note (the deepest proof; the report has them all)."""
    noted = [s for s in ladder.stages if ladder.details.get(s)]
    shown = [s for s in noted if ladder.state(s) != "pass"]
    passed = [s for s in noted if ladder.state(s) == "pass"]
    if passed and ladder.failed_stage is None and ladder.state(passed[-1]) == "pass":
        shown.append(passed[-1])
    return [s for s in ladder.stages if s in shown]


class LadderView(Static):
    """Shows one `Ladder`; `refresh_ladder()` repaints after its state changed."""

    DEFAULT_CSS = """
    LadderView.ladder {
        padding: 0 1;
        border-left: thick $primary;
    }
    """
    """Here, not in app.tcss: parsed when the first ladder is shown, not before the first paint."""

    def __init__(self, ladder: Ladder, **kwargs) -> None:
        super().__init__(ladder_text(ladder), **kwargs)
        self.ladder = ladder

    def refresh_ladder(self) -> None:
        """Repaint from the ladder's current state."""
        self.update(ladder_text(self.ladder))
