"""Where the diagnosis runs (codespace, recovery, creation log, images, daemon)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen
from tui.i18n import N_, _, t


def yes_no(flag: bool, extra: str | None = None) -> str:
    """`yes (extra)` / `no`."""
    word = _("yes") if flag else _("no")
    return t("{answer} ({detail})", answer=word, detail=extra) if extra else word


def log_summary(klass: str | None) -> str:
    """What the creation log says, in a few words."""
    if klass is None:
        return _("no failure line found")
    if klass == "unclassified":
        return _("a failure no signature knows (its lines are quoted below)")
    return t("points at: {cause}", cause=klass)


DAEMON_STATES = {"available": N_("available"), "absent": N_("absent"),
                 "error": N_("error (something answers, but not as a daemon)"),
                 "not-checked": N_("not checked")}
"""The daemon's state words (`Context.docker_daemon`), as message ids."""


class ContextScreen(StepScreen):
    """Welcome: what the codespace looks like and which images it must pull."""

    step = "context"

    def details(self) -> list[Widget]:
        ctx = self.diagnosis.context
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row(_("Codespace"), Text(yes_no(ctx.codespace, ctx.codespace_name)))
        grid.add_row(_("Repository"), Text(ctx.repository or _("unknown")))
        grid.add_row(_("Recovery mode"), Text(yes_no(ctx.recovery)))
        if ctx.recovery_reason:
            grid.add_row(_("Recovery reason"), Text(ctx.recovery_reason))
        grid.add_row(_("Creation log"), Text(log_summary(ctx.creation_log_class)))
        grid.add_row(_("Workspace"), Text(ctx.workspace or _("unknown")))
        grid.add_row("devcontainer", Text(ctx.devcontainer or _("none found")))
        if ctx.image_sources:  # which source the CLI uses, which it ignores
            grid.add_row(_("Sources"), Text("\n".join(ctx.image_sources)))
        grid.add_row(_("Docker daemon"), Text(_(DAEMON_STATES.get(ctx.docker_daemon,
                                                                  ctx.docker_daemon))))
        images = Text()
        for index, image in enumerate(ctx.images):
            if index:
                images.append("\n")
            images.append(image.ref, style="bold")
            images.append(f"  ({image.role}, {image.source})", style="dim")
        grid.add_row(_("Images"), images if ctx.images else Text(_("none found")))
        return [Static(grid, classes="facts")]
