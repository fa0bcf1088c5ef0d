"""The frame every step screen shares: the step row and the key bar docked to the screen's edges,
and between them the body (the lead: heading, intro and status; then details, findings and the
slow note), which the screen itself scrolls."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui.app.widgets.cell_wrap import wrapped
from tui.app.widgets.key_bar import key_bar_text
from tui.app.widgets.step_indicator import indicator_text
from tui.app.widgets.symbols import (
    HEADING_STYLE,
    INTRO_STYLE,
    NOTE_STYLE,
    STATE_STYLE,
    STATE_SYMBOL,
    themed,
)
from tui.i18n import _, ngettext, t
from tui.model import StepResult
from tui.steps import BY_ID, WIZARD_STEPS, WIZARD_TITLES

if TYPE_CHECKING:
    from tui.app.app import WizardApp
    from tui.app.state import Ladder
    from tui.app.widgets.ladder import LadderView
    from tui.checks.diagnosis import Diagnosis

SLOW_FRACTION = 0.8
"""Show "taking longer than expected" once a running step used this part of its bound."""


def plain(text: str, style: str = "") -> Static:
    """A Static holding literal text (no markup parsing), in a themed style."""
    return Static(wrapped(Text(text, style=themed(style))))


class StepScreen(Screen):
    """A wizard step: subclasses set `step` and add `details()`; the rest is in the step table.

    The screen is the scroll area (as with Textual's docked header and footer): no container
    between it and the body, so the first paint lays out and draws one level of widgets. Nothing
    is focused at first, so ↑ ↓ scroll the step; Tab reaches the findings.
    """

    BINDINGS = [
        Binding("up", "scroll_up", show=False, id="body.up"),
        Binding("down", "scroll_down", show=False, id="body.down"),
        Binding("pageup", "page_up", show=False, id="body.pageup"),
        Binding("pagedown", "page_down", show=False, id="body.pagedown"),
        Binding("home", "scroll_home", show=False, id="body.home"),
        Binding("end", "scroll_end", show=False, id="body.end"),
    ]
    AUTO_FOCUS = ""

    step: ClassVar[str] = "context"
    details_when_skipped: ClassVar[bool] = False
    """Show `details()` for a skipped step too (what it found before it stopped)."""

    def __init__(self, diagnosis: Diagnosis) -> None:
        super().__init__(name=self.step)
        self.diagnosis = diagnosis
        self._sync_lock = asyncio.Lock()
        self._ladder_views: dict[str, LadderView] = {}

    @property
    def wizard(self) -> WizardApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def index(self) -> int:
        """This step's place in the wizard (0-based)."""
        return WIZARD_STEPS.index(self.step)

    # --- layout

    def compose(self) -> ComposeResult:
        yield Static(self.indicator(), id="steps")
        yield from self.body_widgets()
        yield Static(key_bar_text(self.shown_bindings()), id="keys")

    def shown_bindings(self) -> list[Binding]:
        """The screen's own keys, then the wizard's."""
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        wizard = [b for b in type(self.app).BINDINGS if isinstance(b, Binding)]
        return own + wizard

    def indicator(self) -> Text:
        """The row of steps for the current state."""
        titles = [_(WIZARD_TITLES[s]) for s in WIZARD_STEPS]
        return indicator_text(titles, self.wizard.step_states(), self.index)

    def on_mount(self) -> None:
        self.set_interval(0.5, self.check_slow)

    # --- content

    def body_widgets(self) -> list[Widget]:
        """`body()`, each widget in class `body` (what `sync` replaces)."""
        widgets = self.body()
        for widget in widgets:
            widget.add_class("body")
        return widgets

    def body(self) -> list[Widget]:
        """Everything between the step row and the keys, from the diagnosis and the wizard's
        state."""
        result = self.diagnosis.results.get(self.step)
        busy = self.step in self.wizard.state.pending
        widgets: list[Widget] = [self.lead(*self.status_line(result, busy))]
        shown = result is not None and (result.status != "skip" or self.details_when_skipped)
        if busy or shown:
            widgets.extend(self.details())
        if result is not None and not busy:
            widgets.extend(self.findings(result))
        return widgets

    def lead(self, status: str, style: str, intro: bool = True) -> Static:
        """The step's heading, what the step does (`intro`) and the status line in `style`, as
        one text (`#status`): one widget to lay out and draw where there were three (each costs
        the first paint some 5–8 M instructions of its own)."""
        text = Text()
        text.append(t("Step {number} of {total}: {title}", number=self.index + 1,
                      total=len(WIZARD_STEPS), title=_(WIZARD_TITLES[self.step])),
                    style=themed(HEADING_STYLE))
        words = BY_ID[self.step].intro if intro else ""
        if words:
            text.append("\n")
            text.append(_(words), style=themed(INTRO_STYLE))
            text.append("\n")
        text.append("\n")
        text.append(status, style=themed(style))
        return Static(wrapped(text), id="status")

    def status_line(self, result: StepResult | None, busy: bool) -> tuple[str, str]:
        """One line and its style: running, waiting, skipped (with why), or how the step
        ended."""
        state = self.wizard.state
        if busy and state.running == self.step:
            return (t("{mark} Running the {step} check…", mark=STATE_SYMBOL["running"],
                      step=_(WIZARD_TITLES[self.step])), STATE_STYLE["running"])
        if busy:
            return (t("{mark} Waiting for the earlier steps…", mark=STATE_SYMBOL["queued"]),
                    STATE_STYLE["queued"])
        if result is None:
            return _("Not run yet: press r to run this step."), "dim"
        return describe_result(result), STATE_STYLE.get(result.status, "")

    def details(self) -> list[Widget]:
        """Step-specific widgets shown above the findings (subclasses override)."""
        return []

    def findings(self, result: StepResult) -> list[Widget]:
        """A card per finding, the worst first."""
        from tui.app.widgets.finding_card import FindingCard  # not needed for the first paint

        items = sorted(result.findings, key=lambda f: f.severity.rank)
        return [FindingCard(item, classes="finding") for item in items]

    def ladder_views(self, ladders) -> list[Widget]:
        """Ladder widgets, remembered by subject so live progress can repaint them in place."""
        from tui.app.widgets.ladder import LadderView  # only screens with ladders need it

        self._ladder_views = {}
        views: list[Widget] = []
        for ladder in ladders:
            view = LadderView(ladder, classes="ladder")
            self._ladder_views[ladder.subject] = view
            views.append(view)
        return views

    # --- updates

    async def sync(self) -> None:
        """Repaint from the current state: the row of steps, and the body made anew
        (serialised)."""
        async with self._sync_lock:
            if not self.is_attached:
                return
            self.query_one("#steps", Static).update(self.indicator())
            async with self.batch():
                await self.query(".body").remove()
                await self.mount_all(self.body_widgets(), after="#steps")
            self.check_slow()

    def progress_changed(self, ladder: Ladder) -> bool:
        """Repaint one ladder in place; False when it is not on screen (then call `sync`)."""
        view = self._ladder_views.get(ladder.subject)
        if view is None or not view.is_attached:
            return False
        view.ladder = ladder
        view.refresh_ladder()
        return True

    def check_slow(self) -> None:
        """Show the "taking longer than expected" note near the step's bound."""
        state = self.wizard.state
        running = state.running if self.step == "summary" else self.step
        started = state.started_at.get(running or "")
        bound = float(getattr(self.diagnosis.options, "timeout", 5.0))
        slow = (
            running is not None and state.running == running and started is not None
            and time.monotonic() - started > SLOW_FRACTION * bound
        )
        notes = self.query("#slow-note")
        if slow and not notes:  # mounted on first need: start-up paints fewer widgets
            text = Text(t("⚠ Taking longer than expected: each network check gives up after "
                          "{seconds} s, then says why.", seconds=f"{bound:g}"),
                        style=themed(NOTE_STYLE))
            self.mount(Static(text, id="slow-note", classes="body"), after="#status")
        elif notes:
            notes.first().display = slow


def describe_result(result: StepResult) -> str:
    """`✓ Passed (0.12 s)`, `✗ 2 errors, 1 warning`, `– Skipped: why`."""
    symbol = STATE_SYMBOL.get(result.status, "?")
    seconds = f"{result.seconds:.2f}"
    if result.status == "skip":
        return t("{mark} Skipped: {why}", mark=symbol, why=result.note or _("does not apply"))
    errors = sum(1 for f in result.findings if f.severity.value == "error")
    warnings = sum(1 for f in result.findings if f.severity.value == "warning")
    infos = len(result.findings) - errors - warnings
    if result.status == "pass" and not errors and not warnings:
        if infos:
            return ngettext("{mark} Passed ({seconds} s), {count} note",
                            "{mark} Passed ({seconds} s), {count} notes", infos).format(
                mark=symbol, seconds=seconds, count=infos)
        return t("{mark} Passed ({seconds} s)", mark=symbol, seconds=seconds)
    parts = []
    if errors:
        parts.append(ngettext("{count} error", "{count} errors", errors).format(count=errors))
    if warnings:
        parts.append(ngettext("{count} warning", "{count} warnings", warnings).format(
            count=warnings))
    if infos:
        parts.append(ngettext("{count} note", "{count} notes", infos).format(count=infos))
    return t("{mark} {counts} ({seconds} s)", mark=symbol, counts=_(", ").join(parts),
             seconds=seconds)
