"""The command palette provider: the wizard's actions, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.steps import WIZARD_STEPS, WIZARD_TITLES


def wizard_commands() -> list[tuple[str, str, str]]:
    """(name, help, action) for every command the palette offers."""
    commands = [
        ("Next step", "Go to the next step (n, →)", "next"),
        ("Previous step", "Go back one step (b, ←)", "back"),
        ("Re-run this step", "Run the current step again (r)", "rerun"),
        ("Export report", "Write the redacted Markdown report (e)", "export"),
        ("Copy report", "Copy the redacted Markdown report to the clipboard", "copy_report"),
        ("Help", "Show the keys (?)", "help"),
        ("Quit", "Leave registry-doctor (q)", "quit_wizard"),
    ]
    for index, step in enumerate(WIZARD_STEPS):
        commands.append(
            (f"Go to step {index + 1}: {WIZARD_TITLES[step]}", f"Jump ({index + 1})",
             f"jump({index + 1})")
        )
    return commands


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
