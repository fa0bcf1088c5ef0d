"""What GitHub itself holds: the sets' secrets on GitHub, the GHCR packages, what was not asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.app.widgets.symbols import themed
from tui.i18n import N_, _, ngettext, t

if TYPE_CHECKING:
    from tui.checks.github import GithubAccess
    from tui.github.facts import GithubFacts, GithubSecret

GRANTED = {True: (N_("yes"), "$success"), False: (N_("no"), "$error"),
           None: (N_("unknown"), "$warning")}
"""Whether a secret is granted to this repository: the word (a message id) and its style."""
LEVELS = {"user": N_("user"), "repository": N_("repository"), "organization": N_("organization")}
"""The levels a secret lives at, as message ids."""
VISIBILITIES = {"public": N_("public"), "private": N_("private"), "internal": N_("internal"),
                "selected": N_("selected"), "all": N_("all")}
"""Visibilities of repositories, packages and secrets, as message ids."""


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
        repo = (t("{repo} (from {source})", repo=found.repository,
                  source=found.repository_source) if found.repository
                else _("unknown (set GITHUB_REPOSITORY or pass --repo OWNER/REPO)"))
        if facts is not None and facts.repo is not None:
            about = [_visibility(facts.repo.visibility)]
            if facts.repo.fork:
                about.append(t("a fork of {parent}", parent=facts.repo.parent)
                             if facts.repo.parent else _("a fork"))
            if facts.repo.push is not None:
                about.append(_("you may push") if facts.repo.push else _("no write access"))
            repo = t("{repo}: {facts}", repo=repo, facts=_(", ").join(about))
        grid.add_row(_("Repository"), Text(repo))
        grid.add_row(_("Token"), Text(self._token(found, facts)))
        if facts is not None:
            codespace = facts.codespace
            if codespace is not None:
                start = _when(codespace.last_used_at) if codespace.last_used_at \
                    else _("unknown")
                grid.add_row(_("Codespace"), Text(t("{name}, last started {when}",
                                                    name=codespace.name, when=start)))
            seconds = f"{facts.seconds:.2f}"
            asked = ngettext("{count} request in {seconds} s", "{count} requests in {seconds} s",
                             facts.calls).format(count=facts.calls, seconds=seconds)
            if facts.rate_remaining is not None:
                asked = ngettext("{asked}, {count} request left this hour",
                                 "{asked}, {count} requests left this hour",
                                 facts.rate_remaining).format(asked=asked,
                                                              count=facts.rate_remaining)
            grid.add_row(_("Asked"), Text(asked))
        return grid

    @staticmethod
    def _token(found: GithubAccess, facts: GithubFacts | None) -> str:
        """Where the token came from and what it may do (never the token)."""
        if found.token is None:
            return _("none")
        if facts is not None and facts.codespace_token:
            return t("from {source} (never shown); the codespace's own token, scoped to its "
                     "repository", source=found.token_source)
        if facts is not None and facts.scopes is not None:
            return t("from {source} (never shown); scopes {scopes}", source=found.token_source,
                     scopes=_(", ").join(facts.scopes) or _("none"))
        return t("from {source} (never shown)", source=found.token_source)

    def _secrets(self, facts: GithubFacts) -> Table | Text:
        sets = facts.sets()
        if not sets:
            levels = _(", ").join(_(LEVELS.get(level, level)) for level in sorted(facts.asked)) \
                or _("no level could be read")
            return Text(t("No registry secrets on GitHub (levels read: {levels}).",
                          levels=levels), style="dim")
        start = facts.codespace.last_used_at if facts.codespace is not None else None
        table = Table(title=_("Secrets on GitHub"), title_justify="left", expand=True,
                      show_edge=False)
        longest = max(len(s.name) for items in sets.values() for s in items)
        name = _("Name")
        for column in (_("Set"), name, _("Level"), _("Visibility"), _("Granted here"),
                       _("Last changed")):
            table.add_column(column, overflow="fold",
                             min_width=min(longest, 40) if column == name else None)
        for prefix, secrets in sets.items():
            for item in secrets:
                word, style = GRANTED[item.granted]
                table.add_row(
                    Text(prefix or _("(none)"), style="bold"),
                    Text(item.name + (f" → {item.intended}" if item.intended else ""),
                         style=themed("$warning") if item.intended else ""),
                    Text(_level(item)),
                    Text(_visibility(item.visibility) if item.visibility else _("this repository")),
                    Text(_(word), style=themed(style)),
                    _changed(item, start),
                )
        return table

    def _packages(self, facts: GithubFacts) -> Table:
        table = Table(title=_("GHCR packages"), title_justify="left", expand=True,
                      show_edge=False)
        for column in (_("Image"), _("Package"), _("Visibility"), _("Linked repository"),
                       _("Repository visibility")):
            table.add_column(column, overflow="fold")
        for package in facts.packages:
            seen = package.visibility is not None
            table.add_row(
                Text(package.image),
                Text(f"{package.owner}/{package.name}"),
                Text(_visibility(package.visibility) if package.visibility else _("not seen"),
                     style="" if seen else themed("$warning")),
                Text(package.repository or (_("none") if seen else "–")),
                Text(_visibility(package.repository_visibility) if package.repository_visibility
                     else "–"),
            )
        return table

    def _unasked(self, facts: GithubFacts) -> Text:
        text = Text(_("Not asked") + "\n", style="bold")
        for item in facts.unasked:
            text.append("• ")
            text.append(item.question, style="bold")
            text.append(f": {item.reason}\n")
        text.rstrip()
        return text


def _visibility(word: str) -> str:
    return _(VISIBILITIES.get(word, word))


def _level(item: GithubSecret) -> str:
    if item.level == "organization":
        return t("organization {owner}", owner=item.owner)
    return _(LEVELS.get(item.level, item.level))


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _changed(item: GithubSecret, start) -> Text:
    if item.updated_at is None:
        return Text(_("unknown"), style="dim")
    when = _when(item.updated_at)
    if start is None:
        return Text(when)
    if item.updated_at > start:
        return Text(t("{when}, after the start", when=when), style=themed("$warning"))
    return Text(t("{when}, before the start", when=when))
