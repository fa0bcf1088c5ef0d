"""The footer: the keys of the current screen, drawn as one line of text (a Static docked to
the bottom, `#keys` in app.tcss; two lines when the terminal is too narrow, never cut).

Textual's `Footer` recomposes a widget per key whenever bindings change, which costs a
noticeable part of start-up; the wizard's keys are fixed per screen, so one Static does.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

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

