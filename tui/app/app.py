"""The wizard: a screen per step of the step table over one Diagnosis; steps run in workers."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tui.app.keys import WIZARD_BINDINGS
from tui.app.messages import (
    DaemonPullRequested,
    ExplainRequested,
    RunRequested,
    StepFinished,
    StepProgress,
    StepStarted,
)
from tui.app.screens import screen_class
from tui.app.screens.step import StepScreen
from tui.app.state import WizardState
from tui.checks.diagnosis import Diagnosis, Progress
from tui.i18n import N_, _, t
from tui.steps import STEP_IDS, WIZARD_STEPS

REPAIR_TITLES = {"applied": N_("Repair applied"), "failed": N_("Repair failed"),
                 "not-allowed": N_("Repair not allowed"), "skipped": N_("Repair skipped")}
"""The notification's title per repair outcome (message ids)."""

NAVIGATION = frozenset(
    {"next", "back", "rerun", "jump", "export", "help", "copy_report", "explain", "repair"}
)
"""Actions that belong to the step screens (not available while a dialog is open)."""


DEFAULT_REPORT_NAME = "registry-doctor-report.md"
"""Where `e` writes the report (in the current directory) unless the wizard is given a path."""


def wizard_commands_provider() -> type[Provider]:
    """The palette's provider of the wizard's commands, imported when the palette opens."""
    from tui.app.commands import WizardCommands

    return WizardCommands


class WizardApp(App[int]):
    """registry-doctor's interactive wizard.

    It drives one `tui.checks.diagnosis.Diagnosis` (tests give it a subclass whose steps
    return fixed results): steps run in worker threads, screens show its state.
    """

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "registry-doctor"
    COMMANDS = App.COMMANDS | {wizard_commands_provider}
    BINDINGS: ClassVar[list[BindingType]] = [*WIZARD_BINDINGS]

    def __init__(
        self,
        diagnosis: Diagnosis,
        *,
        export_path: Path | None = None,
        start_step: int = 0,
        theme: str = "textual-dark",
        auto_run: bool = True,
    ) -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.state = WizardState()
        self.step_index = start_step
        self.export_path = export_path or Path.cwd() / DEFAULT_REPORT_NAME
        self.auto_run = auto_run
        self._theme_name = theme
        self._run_lock = threading.Lock()
        self._stopping = threading.Event()

    # --- start-up and navigation

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Textual's `run`, once everything imported so far is out of the collector's sight.

        The modules, classes and tables of Textual, Rich and the wizard live as long as the
        process; left in the collected generations, every collection before the first paint
        walks them again (a sixth of the wizard's start-up instructions). `gc.freeze()` moves
        them to the permanent generation; what the app makes from here is collected as usual.
        """
        gc.freeze()
        return super().run(*args, **kwargs)

    def get_default_screen(self) -> Screen:
        """The start step's screen is the first screen: no blank screen is composed, styled and
        laid out under it, and the first frame is the step itself."""
        screen = self.make_screen(self.step_index)
        # `switch_screen` pops a result callback off the screen it leaves, which only pushed
        # screens have (textual#2650): give this one the callback a switch gives its screen.
        screen._push_result_callback(screen, None)
        return screen

    def on_mount(self) -> None:
        self.theme = self._theme_name
        self.diagnosis.progress = self._progress_from_worker

    def on_ready(self) -> None:
        """The first screen is painted: now start its step (start-up shows the screen first)."""
        if self.auto_run:
            self.ensure_run(self.step_index)

    def make_screen(self, index: int) -> StepScreen:
        """A fresh screen for step `index` (screens are never reused: re-runs repaint them)."""
        return screen_class(WIZARD_STEPS[index])(self.diagnosis)

    def go_to(self, index: int) -> None:
        """Show step `index` (0-based) and run what it needs."""
        index = max(0, min(index, len(WIZARD_STEPS) - 1))
        self.step_index = index
        self.switch_screen(self.make_screen(index))
        if self.auto_run:
            self.ensure_run(index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Step actions are off while a dialog (help, explanation, palette) is open."""
        return not (action in NAVIGATION and isinstance(self.screen, ModalScreen))

    def action_next(self) -> None:
        if self.step_index < len(WIZARD_STEPS) - 1:
            self.go_to(self.step_index + 1)

    async def action_back(self) -> None:
        if self.step_index > 0:
            self.go_to(self.step_index - 1)

    def action_jump(self, number: int) -> None:
        self.go_to(int(number) - 1)

    def action_rerun(self) -> None:
        self.post_message(RunRequested(WIZARD_STEPS[self.step_index], force=True))

    @on(RunRequested)
    def run_requested(self, message: RunRequested) -> None:
        """Run what a step needs (`force`: run the step itself again)."""
        self.ensure_run(WIZARD_STEPS.index(message.step), force=message.force)

    @on(DaemonPullRequested)
    def daemon_pull_requested(self) -> None:
        """The user asked for the daemon pull: allow it, then run the Pull step again."""
        self.diagnosis.options.daemon_pull = True
        self.ensure_run(WIZARD_STEPS.index("pull"), force=True)

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_quit_wizard(self) -> None:
        self._stopping.set()
        self.exit(0)

    def on_unmount(self) -> None:
        self._stopping.set()

    # --- running steps

    def steps_needed(self, index: int, force: bool = False) -> list[str]:
        """The diagnosis steps to run before step `index` can show (earlier ones first)."""
        step = WIZARD_STEPS[index]
        upto = STEP_IDS if step == "summary" else STEP_IDS[: STEP_IDS.index(step) + 1]
        wanted = [
            s for s in upto
            if s not in self.diagnosis.results and s not in self.state.pending
        ]
        if force:
            targets = STEP_IDS if step == "summary" else (step,)
            wanted += [s for s in targets if s not in wanted and s not in self.state.pending]
        return [s for s in STEP_IDS if s in wanted]

    def ensure_run(self, index: int, force: bool = False) -> None:
        """Queue the steps step `index` needs in one worker thread."""
        steps = self.steps_needed(index, force)
        if not steps:
            return
        self.state.pending.update(steps)
        self.refresh_screen()
        self.run_worker(
            partial(self._run_steps, steps, force),
            name=f"steps:{','.join(steps)}",
            group=f"step-{WIZARD_STEPS[index]}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _run_steps(self, steps: list[str], force: bool) -> None:
        """Worker thread: run each step in turn (one at a time across workers).

        Stops between steps once the app is quitting, so quitting waits at most for the
        step in hand (bounded by `--timeout`).
        """
        for step in steps:
            with self._run_lock:
                if self._stopping.is_set():
                    return
                if not force and step in self.diagnosis.results:
                    self.post_message(StepFinished(step, self.diagnosis.results[step]))
                    continue
                self.post_message(StepStarted(step))
                try:
                    result = self.diagnosis.run_step(step)
                except Exception as exc:  # Diagnosis turns crashes into findings; fakes may not
                    result = _crash_result(step, exc)
                self.post_message(StepFinished(step, result))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that died (a bug, not a check's fault) must not leave steps "running"."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.state.pending.clear()
        self.state.running = None
        self.refresh_screen()
        self.notify(t("A step stopped unexpectedly: {error}", error=type(error).__name__),
                    severity="error")

    def _progress_from_worker(self, update: Progress) -> None:
        """Diagnosis progress listener (worker thread): hand the update to the UI thread.

        `post_message` is thread-safe and never waits, unlike `call_from_thread`, whose
        blocking wait could outlive the app when the user quits while a step runs.
        """
        self.post_message(StepProgress(update))

    def on_step_started(self, message: StepStarted) -> None:
        self.state.start(message.step)
        self.refresh_screen()

    def on_step_finished(self, message: StepFinished) -> None:
        if message.step not in self.diagnosis.results:
            self.diagnosis.results[message.step] = message.result
        self.state.finish(message.step)
        self.refresh_screen()

    def on_step_progress(self, message: StepProgress) -> None:
        ladder = self.state.record(message.progress)
        screen = self.screen
        if ladder is None or not isinstance(screen, StepScreen):
            return
        if screen.step == message.progress.step and not screen.progress_changed(ladder):
            self.refresh_screen()

    def refresh_screen(self) -> None:
        """Repaint the step screen under any dialog."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, StepScreen):
                self.call_later(screen.sync)
                return

    def step_states(self) -> list[str]:
        """The indicator's state per wizard step (`""` when not run)."""
        states = []
        for step in WIZARD_STEPS:
            if step == "summary":
                results = [self.diagnosis.results.get(s) for s in STEP_IDS]
                done = [r.status for r in results if r is not None]
                states.append("" if len(done) < len(STEP_IDS) else worst(done))
            elif step in self.state.pending:
                states.append("running" if self.state.running == step else "queued")
            elif step in self.diagnosis.results:
                states.append(self.diagnosis.results[step].status)
            else:
                states.append("")
        return states

    # --- findings, export, clipboard

    @on(ExplainRequested)
    def explain(self, message: ExplainRequested) -> None:
        """A finding card asked for its explanation."""
        self.show_explanation(message.code)

    def show_explanation(self, code: str) -> None:
        """Open the catalogue's explanation of `code`."""
        from tui.app.screens.explain import ExplainScreen

        self.push_screen(ExplainScreen(code))

    def action_explain(self) -> None:
        """Explain the focused finding, else the first on screen."""
        from tui.app.widgets.finding_card import FindingCard

        focused = self.focused
        card = focused if isinstance(focused, FindingCard) else None
        if card is None:
            cards = list(self.screen.query(FindingCard))
            card = cards[0] if cards else None
        if card is not None:
            self.show_explanation(card.finding.code)

    def action_repair(self) -> None:
        """Offer the repair of the focused finding (else the first on screen), as `fix` would."""
        from tui.app.widgets.finding_card import FindingCard
        from tui.repairs.plan import REPAIRABLE, repairs_for

        focused = self.focused
        card = focused if isinstance(focused, FindingCard) else None
        if card is None:
            cards = list(self.screen.query(FindingCard))
            card = cards[0] if cards else None
        if card is None:
            return
        repairs = repairs_for(card.finding, self.diagnosis)
        if not repairs and "github" not in self.diagnosis.results and \
                card.finding.code in REPAIRABLE:
            self.ensure_run(WIZARD_STEPS.index("github"))
            self.notify(_("A repair needs what GitHub holds: the GitHub step runs now; press f "
                          "again when it is done."), title=_("Repair"))
            return
        if not repairs:
            self.notify(t("{code}: registry-doctor cannot make this fix itself (x explains it; "
                          "the fix says who can).", code=card.finding.code),
                        title=_("No repair"))
            return
        self._offer(repairs)

    def _offer(self, repairs: list) -> None:
        from tui.app.screens.repair import RepairScreen

        first, rest = repairs[0], repairs[1:]
        self.push_screen(RepairScreen(first, lambda repair, typed: self.run_worker(
            partial(self._repair_worker, repair, typed, rest), thread=True, group="repair")))

    def _repair_worker(self, repair, typed, rest: list) -> None:
        """Make one repair off the UI thread (bounded requests), journal it, report back."""
        from tui.repairs.apply import apply_repair
        from tui.repairs.command import open_client
        from tui.repairs.journal import record

        client = open_client(self.diagnosis, [repair])
        try:
            outcome = apply_repair(repair, self.diagnosis, client, typed)
        finally:
            if client is not None:
                client.close()
        message = self.diagnosis.redactor(outcome.message)
        record(self.diagnosis.options.environ, repair, outcome.status, message)
        if not self._stopping.is_set():
            self.call_from_thread(self._repaired, outcome.status, message, rest)

    def _repaired(self, status: str, message: str, rest: list) -> None:
        applied = status == "applied"
        if applied:
            message = t("{outcome}. The secrets reach the codespace when it next starts.",
                        outcome=message)
        title = REPAIR_TITLES.get(status)
        self.notify(message, title=_(title) if title else t("Repair {status}", status=status),
                    severity="information" if applied else "warning")
        if applied:
            self.action_rerun()
            if rest:
                self._offer(rest)

    def action_export(self) -> None:
        from tui.app.export import write_report

        try:
            path = write_report(self.diagnosis, self.export_path)
        except OSError as exc:
            self.notify(t("Could not write {path}: {reason}", path=self.export_path,
                          reason=exc.strerror), severity="error")
            return
        self.notify(t("Report written to {path}", path=path), title=_("Export"))

    def action_copy_report(self) -> None:
        from tui.app.export import render_report

        self.copy_to_clipboard(render_report(self.diagnosis))
        self.notify(_("Report copied to the clipboard (if your terminal allows it)."))

    # --- Textual's own commands, in the wizard's language

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the current language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """The theme picker, its prompt in the current language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's system commands, named in the current language; its key panel (English,
        Textual's own) gives way to the wizard's help."""
        from tui.app.commands import SYSTEM_COMMANDS

        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand(_("Keys"), _("Show the wizard's keys"), self.action_help)
                continue
            words = SYSTEM_COMMANDS.get(command.title)
            if words is None:
                yield command
            else:
                yield SystemCommand(_(words[0]), _(words[1]), command.callback,
                                    command.discover)


def worst(statuses: Sequence[str]) -> str:
    """The worst of some step statuses (fail > warn > pass > skip)."""
    for status in ("fail", "warn", "pass"):
        if status in statuses:
            return status
    return "skip"


def _crash_result(step: str, exc: BaseException):
    from tui.catalogue import finding
    from tui.model import StepResult
    from tui.steps import STEP_TITLES

    item = finding("INTERNAL_ERROR", t("The {step} check failed: {error}",
                                       step=_(STEP_TITLES.get(step, step)),
                                       error=type(exc).__name__), step=step)
    return StepResult(id=step, status="fail", findings=[item])
