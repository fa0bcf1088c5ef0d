"""What GitHub itself holds: where the step asks, about which repository, with which token."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen


class GithubScreen(StepScreen):
    """The API, the repository and where the token came from (never the token)."""

    step = "github"
    details_when_skipped = True

    def details(self) -> list[Widget]:
        found = self.diagnosis.handoff.github
        if found is None:
            return []
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("API", Text(found.api_url))
        repo = (f"{found.repository} (from {found.repository_source})" if found.repository
                else "unknown (set GITHUB_REPOSITORY or pass --repo OWNER/REPO)")
        grid.add_row("Repository", Text(repo))
        token = (f"from {found.token_source} (never shown)" if found.token is not None
                 else "none")
        grid.add_row("Token", Text(token))
        return [Static(grid, classes="facts")]
