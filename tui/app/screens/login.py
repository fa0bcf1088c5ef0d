"""A live login ladder per secret set (DNS → TCP → TLS → challenge → credentials)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.i18n import _


class LoginScreen(StepScreen):
    """What `docker login` would do, stage by stage, without a daemon."""

    step = "login"

    def subjects(self) -> list[str]:
        """One ladder per complete secret set."""
        return [s.prefix for s in self.diagnosis.secret_sets if s.complete]

    def details(self) -> list[Widget]:
        ladders = self.wizard.state.ladders(self.step, self.diagnosis, self.subjects())
        if not ladders:
            return [Static(Text(_("No complete secret set to log in with."), style="dim"))]
        return self.ladder_views(ladders)
