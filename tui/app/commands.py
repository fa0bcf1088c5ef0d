"""The command palette provider: the wizard's actions, by name."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import N_
from tui.steps import WIZARD_STEPS

SYSTEM_COMMANDS: dict[str, tuple[str, str]] = {
    "Theme": (N_("Theme"), N_("Change the current theme")),
    "Quit": (N_("Quit"), N_("Quit the application as soon as possible")),
    "Minimize": (N_("Minimize"), N_("Minimize the widget and restore to normal size")),
    "Maximize": (N_("Maximize"), N_("Maximize the focused widget")),
    "Screenshot": (N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen")),
}
"""Textual's own palette commands (by their English title): name and help as message ids."""


def wizard_commands() -> list[tuple[str, str, str]]:
    """(name, help, action) for every command the palette offers, from the bindings."""
    from tui.app.keys import WIZARD_BINDINGS, palette_commands
    from tui.app.screens import screen_class

    bindings = list(WIZARD_BINDINGS)
    for step in WIZARD_STEPS:
        bindings += [b for b in screen_class(step).BINDINGS
                     if isinstance(b, Binding) and b.action.startswith("app.")]
    return palette_commands(bindings)


class WizardCommands(Provider):
    """Offers navigation, re-run, export, help and quit in the command palette."""

    async def discover(self) -> Hits:
        """Every command, for the palette opened with nothing typed."""
        for name, help_text, action in wizard_commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands matching `query`, best first."""
        matcher = self.matcher(query)
        for name, help_text, action in wizard_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action),
                          help=help_text)
