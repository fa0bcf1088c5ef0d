"""Names and values (misspelled names, whitespace, quotes, server forms, ECR formats)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.i18n import _, ngettext

RELEVANT = re.compile(r"(?i)(regist|container|docker|ecr|acr|gcr|ghcr)")
MAX_SHOWN = 12


class NamingScreen(StepScreen):
    """The variables considered and every finding about their names and values."""

    step = "naming"

    def details(self) -> list[Widget]:
        sources: dict[str, list[str]] = {}
        for variable in self.diagnosis.variables:
            if RELEVANT.search(variable.name):
                sources.setdefault(variable.name, []).append(variable.source)
        if not sources:
            return []
        names = list(sources)
        text = Text(_("Variables considered: "), style="bold")
        for index, name in enumerate(names[:MAX_SHOWN]):
            if index:
                text.append(_(", "))
            text.append(name, style="")
            text.append(f" ({_(', ').join(dict.fromkeys(sources[name]))})", style="dim")
        if len(names) > MAX_SHOWN:
            more = len(names) - MAX_SHOWN
            text.append(ngettext(", and {count} more", ", and {count} more", more).format(
                count=more), style="dim")
        return [Static(text, classes="facts")]
