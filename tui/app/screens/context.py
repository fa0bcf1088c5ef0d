"""Where the diagnosis runs (codespace, recovery, creation log, images, daemon)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen


def yes_no(flag: bool, extra: str | None = None) -> str:
    """`yes (extra)` / `no`."""
    word = "yes" if flag else "no"
    return f"{word} ({extra})" if extra else word


def log_summary(klass: str | None) -> str:
    """What the creation log says, in a few words."""
    if klass is None:
        return "no failure line found"
    if klass == "unclassified":
        return "a failure no signature knows (its lines are quoted below)"
    return f"points at: {klass}"


class ContextScreen(StepScreen):
    """Welcome: what the codespace looks like and which images it must pull."""

    step = "context"

    def details(self) -> list[Widget]:
        ctx = self.diagnosis.context
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row("Codespace", Text(yes_no(ctx.codespace, ctx.codespace_name)))
        grid.add_row("Repository", Text(ctx.repository or "unknown"))
        grid.add_row("Recovery mode", Text(yes_no(ctx.recovery)))
        if ctx.recovery_reason:
            grid.add_row("Recovery reason", Text(ctx.recovery_reason))
        grid.add_row("Creation log", Text(log_summary(ctx.creation_log_class)))
        grid.add_row("Workspace", Text(ctx.workspace or "unknown"))
        grid.add_row("devcontainer", Text(ctx.devcontainer or "none found"))
        if ctx.image_sources:  # which source the CLI uses, which it ignores
            grid.add_row("Sources", Text("\n".join(ctx.image_sources)))
        grid.add_row("Docker daemon", Text(ctx.docker_daemon))
        images = Text()
        for index, image in enumerate(ctx.images):
            if index:
                images.append("\n")
            images.append(image.ref, style="bold")
            images.append(f"  ({image.role}, {image.source})", style="dim")
        grid.add_row("Images", images if ctx.images else Text("none found"))
        return [Static(grid, classes="facts")]
