"""A live pull ladder per image (token → manifest → platform → layer)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.app.messages import DaemonPullRequested
from tui.app.screens.step import StepScreen
from tui.i18n import N_, _


class PullScreen(StepScreen):
    """What `docker pull` would do for each image, without downloading it."""

    step = "pull"
    BINDINGS = [Binding("d", "daemon_pull", N_("Daemon pull"),
                        tooltip=N_("also pull through the Docker daemon"), id="pull.daemon")]

    def subjects(self) -> list[str]:
        """One ladder per image."""
        return [image.ref for image in self.diagnosis.context.images]

    def details(self) -> list[Widget]:
        ladders = self.wizard.state.ladders(self.step, self.diagnosis, self.subjects())
        widgets: list[Widget] = (
            self.ladder_views(ladders) if ladders
            else [Static(Text(_("No image to pull."), style="dim"))]
        )
        if self.daemon_usable() and not self.diagnosis.options.daemon_pull:
            widgets.append(Static(Text(
                _("Press d to also pull through the Docker daemon (downloads the whole "
                  "image)."),
                style="dim")))
        return widgets

    def daemon_usable(self) -> bool:
        """A daemon answered and the options allow using it."""
        options = self.diagnosis.options
        return (self.diagnosis.context.docker_daemon == "available"
                and not options.no_daemon and not options.offline)

    def action_daemon_pull(self) -> None:
        """Pull through the daemon too: only on request, since it downloads the whole image."""
        if not self.daemon_usable():
            self.notify(_("No Docker daemon to pull with (none answers, or "
                          "--no-daemon/--offline)."), severity="warning")
            return
        self.post_message(DaemonPullRequested())
