"""A live ladder: the stages one secret set (login) or one image (pull) goes through."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.app.widgets.symbols import STATE_STYLE, STATE_SYMBOL, themed
from tui.i18n import _
from tui.record import field, record
from tui.steps import STAGE_LABELS, STAGE_ORDER


@record
class Ladder:
    """The state of every stage of one subject: pending | running | pass | warn | fail | skip."""

    subject: str
    stages: list[str]
    states: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    note: str = ""
    """A line about the whole subject (e.g. why it was not probed)."""

    def set(self, stage: str, state: str, detail: str = "") -> None:
        """Record a stage's state (a stage not in the list goes where `STAGE_ORDER` puts it)."""
        if stage not in self.stages:
            self.stages.insert(self._position(stage), stage)
        self.states[stage] = state
        if detail:
            self.details[stage] = detail

    @property
    def failed_stage(self) -> str | None:
        """The stage that failed, if one did."""
        return next((s for s in self.stages if self.states.get(s) == "fail"), None)

    def _position(self, stage: str) -> int:
        if stage not in STAGE_ORDER:
            return len(self.stages)
        rank = STAGE_ORDER.index(stage)
        for index, existing in enumerate(self.stages):
            if existing in STAGE_ORDER and STAGE_ORDER.index(existing) > rank:
                return index
        return len(self.stages)

    def state(self, stage: str) -> str:
        """The stage's state (`pending` until reported)."""
        return self.states.get(stage, "pending")


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
