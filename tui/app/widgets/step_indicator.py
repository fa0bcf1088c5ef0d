"""The row of steps at the top: where you are and how each step went."""

from __future__ import annotations

from rich.text import Text

from tui.app.widgets.symbols import STATE_STYLE, STATE_SYMBOL, themed


def indicator_text(titles: list[str], states: list[str], current: int) -> Text:
    """`1 Context ✓ › 2 Secrets ✗ › …` with the current step (0-based) highlighted; a state
    of `""` (not run) shows no mark."""
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
