"""The secret sets found, where they came from, passwords masked."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.app.widgets.symbols import themed
from tui.i18n import _
from tui.model import Secret
from tui.redact import visible_whitespace


def shown(variable, redact=str) -> Text:
    """A non-secret value with visible whitespace (passed through `redact`), or `missing`."""
    if variable is None:
        return Text(_("missing"), style=themed("$error"))
    if isinstance(variable.value, Secret):
        return Text(variable.value.masked())
    return Text(visible_whitespace(redact(variable.text)))


class SecretsScreen(StepScreen):
    """The `<*>_CONTAINER_REGISTRY_*` sets: source, server, user, masked password."""

    step = "secrets"

    def details(self) -> list[Widget]:
        sets = self.diagnosis.secret_sets
        if not sets:
            return [Static(Text(_("No secret sets found."), style="dim"), classes="facts")]
        table = Table(expand=True, show_edge=False)
        for column in (_("Set"), _("Kind"), _("Source"), _("Server"), _("User"), _("Password")):
            table.add_column(column, overflow="fold")
        for item in sets:
            secret = item.secret
            table.add_row(
                Text(item.prefix, style="bold"),
                Text(item.kind),
                Text(item.source),
                shown(item.server, self.diagnosis.redactor),
                shown(item.user, self.diagnosis.redactor),
                Text(secret.masked()) if secret is not None
                else Text(_("missing"), style=themed("$error")),
            )
        return [Static(table, classes="facts")]
