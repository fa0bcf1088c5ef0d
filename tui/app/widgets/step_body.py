"""The scrolling body of a step screen (keeps ←/→ free for the wizard's navigation)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll


class StepBody(VerticalScroll, inherit_bindings=False):
    """A vertical scroll area that binds only up/down/page keys."""

    BINDINGS = [
        Binding("up", "scroll_up", show=False, id="body.up"),
        Binding("down", "scroll_down", show=False, id="body.down"),
        Binding("pageup", "page_up", show=False, id="body.pageup"),
        Binding("pagedown", "page_down", show=False, id="body.pagedown"),
        Binding("home", "scroll_home", show=False, id="body.home"),
        Binding("end", "scroll_end", show=False, id="body.end"),
    ]
