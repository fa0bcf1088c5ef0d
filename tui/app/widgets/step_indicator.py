"""The row of steps at the top: where you are and how each step went."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.app.widgets.symbols import STATE_STYLE, STATE_SYMBOL, themed


class StepIndicator(Static):
    """`1 Context ✓ › 2 Secrets ✗ › …` with the current step highlighted."""

    states: reactive[tuple[str, ...]] = reactive(tuple, layout=True)
    """Each step's state (`""` when not run); setting it repaints the line."""

    def __init__(self, titles: list[str], states: list[str], current: int, **kwargs) -> None:
        super().__init__(self.build(titles, states, current), **kwargs)
        self.titles = list(titles)
        self.current = current
        self.set_reactive(StepIndicator.states, tuple(states))

    def watch_states(self, states: tuple[str, ...]) -> None:
        self.update(self.build(self.titles, list(states), self.current))

    @staticmethod
    def build(titles: list[str], states: list[str], current: int) -> Text:
        """The indicator line for the given step titles, their states and the current index."""
        line = Text()
        for index, (title, state) in enumerate(zip(titles, states, strict=False)):
            if index:
                line.append(" › ", style="dim")
            label = f"{index + 1} {title}"
            style = "bold reverse" if index == current else ""
            line.append(label, style=style)
            if state:
                mark = STATE_SYMBOL.get(state, "?")
                line.append(f" {mark}", style=themed(STATE_STYLE.get(state, "")))
        return line

