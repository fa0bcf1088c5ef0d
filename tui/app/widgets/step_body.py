"""The scrolling body of a step screen (keeps ←/→ free for the wizard's navigation)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget


class StepBody(VerticalScroll, inherit_bindings=False):
    """A vertical scroll area that binds only up/down/page keys.

    Its children come from `content()` (the screen's view of the current state), composed
    again by `recompose()` whenever that state changed.
    """

    BINDINGS = [
        Binding("up", "scroll_up", show=False, id="body.up"),
        Binding("down", "scroll_down", show=False, id="body.down"),
        Binding("pageup", "page_up", show=False, id="body.pageup"),
        Binding("pagedown", "page_down", show=False, id="body.pagedown"),
        Binding("home", "scroll_home", show=False, id="body.home"),
        Binding("end", "scroll_end", show=False, id="body.end"),
    ]

    def __init__(self, content: Callable[[], Iterable[Widget]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.content = content

    def compose(self) -> ComposeResult:
        yield from self.content()
