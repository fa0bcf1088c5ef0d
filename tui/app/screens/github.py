"""What GitHub itself holds: the sets' secrets on GitHub, the GHCR packages, what was not asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.app.widgets.symbols import themed

if TYPE_CHECKING:
    from tui.checks.github import GithubAccess
    from tui.github.facts import GithubFacts, GithubSecret

GRANTED = {True: ("yes", "$success"), False: ("no", "$error"), None: ("unknown", "$warning")}


class GithubScreen(StepScreen):
    """The API, the repository and the token's origin (never the token), then GitHub's facts."""

    step = "github"
    details_when_skipped = True

    def details(self) -> list[Widget]:
        found = self.diagnosis.handoff.github
        if found is None:
            return []
        facts = self.diagnosis.handoff.github_facts
        widgets: list[Widget] = [Static(self._grid(found, facts), classes="facts")]
        if facts is None:
            return widgets
        widgets.append(Static(self._secrets(facts), classes="facts"))
        if facts.packages:
            widgets.append(Static(self._packages(facts), classes="facts"))
        if facts.unasked:
            widgets.append(Static(self._unasked(facts), classes="facts"))
        return widgets

    def _grid(self, found: GithubAccess, facts: GithubFacts | None) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("API", Text(found.api_url))
        repo = (f"{found.repository} (from {found.repository_source})" if found.repository
                else "unknown (set GITHUB_REPOSITORY or pass --repo OWNER/REPO)")
        if facts is not None and facts.repo is not None:
            about = [facts.repo.visibility]
            if facts.repo.fork:
                about.append(f"a fork of {facts.repo.parent}" if facts.repo.parent else "a fork")
            if facts.repo.push is not None:
                about.append("you may push" if facts.repo.push else "no write access")
            repo = f"{repo}: {', '.join(about)}"
        grid.add_row("Repository", Text(repo))
        token = (f"from {found.token_source} (never shown)" if found.token is not None
                 else "none")
        if facts is not None:
            if facts.codespace_token:
                token += "; the codespace's own token, scoped to its repository"
            elif facts.scopes is not None:
                token += f"; scopes {', '.join(facts.scopes) or 'none'}"
        grid.add_row("Token", Text(token))
        if facts is not None:
            codespace = facts.codespace
            if codespace is not None:
                start = _when(codespace.last_used_at) if codespace.last_used_at else "unknown"
                grid.add_row("Codespace", Text(f"{codespace.name}, last started {start}"))
            rate = (f", {facts.rate_remaining} requests left this hour"
                    if facts.rate_remaining is not None else "")
            grid.add_row("Asked", Text(f"{facts.calls} requests in {facts.seconds:.2f} s{rate}"))
        return grid

    def _secrets(self, facts: GithubFacts) -> Table | Text:
        sets = facts.sets()
        if not sets:
            levels = ", ".join(sorted(facts.asked)) or "no level could be read"
            return Text(f"No registry secrets on GitHub (levels read: {levels}).", style="dim")
        start = facts.codespace.last_used_at if facts.codespace is not None else None
        table = Table(title="Secrets on GitHub", title_justify="left", expand=True,
                      show_edge=False)
        longest = max(len(s.name) for items in sets.values() for s in items)
        for column in ("Set", "Name", "Level", "Visibility", "Granted here", "Last changed"):
            table.add_column(column, overflow="fold",
                             min_width=min(longest, 40) if column == "Name" else None)
        for prefix, secrets in sets.items():
            for item in secrets:
                word, style = GRANTED[item.granted]
                table.add_row(
                    Text(prefix or "(none)", style="bold"),
                    Text(item.name + (f" → {item.intended}" if item.intended else ""),
                         style=themed("$warning") if item.intended else ""),
                    Text(_level(item)),
                    Text(item.visibility or "this repository"),
                    Text(word, style=themed(style)),
                    _changed(item, start),
                )
        return table

    def _packages(self, facts: GithubFacts) -> Table:
        table = Table(title="GHCR packages", title_justify="left", expand=True, show_edge=False)
        for column in ("Image", "Package", "Visibility", "Linked repository",
                       "Repository visibility"):
            table.add_column(column, overflow="fold")
        for package in facts.packages:
            seen = package.visibility is not None
            table.add_row(
                Text(package.image),
                Text(f"{package.owner}/{package.name}"),
                Text(package.visibility or "not seen", style="" if seen else themed("$warning")),
                Text(package.repository or ("none" if seen else "–")),
                Text(package.repository_visibility or "–"),
            )
        return table

    def _unasked(self, facts: GithubFacts) -> Text:
        text = Text("Not asked\n", style="bold")
        for item in facts.unasked:
            text.append("• ")
            text.append(item.question, style="bold")
            text.append(f": {item.reason}\n")
        text.rstrip()
        return text


def _level(item: GithubSecret) -> str:
    return f"org {item.owner}" if item.level == "organization" else item.level


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _changed(item: GithubSecret, start) -> Text:
    if item.updated_at is None:
        return Text("unknown", style="dim")
    when = _when(item.updated_at)
    if start is None:
        return Text(when)
    if item.updated_at > start:
        return Text(f"{when}, after the start", style=themed("$warning"))
    return Text(f"{when}, before the start")
