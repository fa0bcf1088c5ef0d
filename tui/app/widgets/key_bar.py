"""The footer: the keys of the current screen, drawn as one line of text.

Textual's `Footer` recomposes a widget per key whenever bindings change, which costs a
noticeable part of start-up; the wizard's keys are fixed per screen, so one Static does.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tui.app.keys import key_label
from tui.i18n import _


def key_bar_text(bindings: list[Binding]) -> Content:
    """` n Next  b Back  …` for the bindings shown, then the palette key."""
    key_style = "bold $footer-key-foreground"
    parts: list[tuple[str, str] | str] = []
    seen: set[str] = set()
    for binding in bindings:
        if not binding.show or binding.description in seen:
            continue
        seen.add(binding.description)
        parts += [(f" {key_label(binding)} ", key_style), f"{_(binding.description)} "]
    parts += [(" ^p ", key_style), _("palette")]
    return Content.assemble(*parts)


class KeyBar(Static):
    """The keys that work here (screen keys first, then the wizard's): one line, or two when
    the terminal is too narrow for them all (never cut)."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, bindings: list[Binding], **kwargs) -> None:
        super().__init__(key_bar_text(bindings), **kwargs)
