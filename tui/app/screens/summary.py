"""The verdict, the fixes in order, export and copy of the redacted report."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen, describe_result, plain
from tui.app.widgets.finding_card import FindingCard
from tui.app.widgets.symbols import STATE_STYLE, themed
from tui.i18n import N_, _, ngettext, t
from tui.model import Severity
from tui.steps import STEP_IDS, WIZARD_TITLES


class SummaryScreen(StepScreen):
    """What to change, the first broken stage first."""

    step = "summary"
    BINDINGS = [Binding("c", "app.copy_report", N_("Copy report"),
                        tooltip=N_("copy the report to the clipboard"), id="summary.copy")]

    def body(self) -> list[Widget]:
        results = self.diagnosis.results
        pending = self.wizard.state.pending
        if pending:
            return [self.lead(_("⋯ Running the remaining steps…"), STATE_STYLE["running"],
                              intro=False),
                    self.steps_table()]
        findings = self.diagnosis.findings
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        if not results:
            verdict = _("Nothing has run yet."), "dim"
        elif errors:
            counts = _(", ").join([
                ngettext("{count} error", "{count} errors", errors).format(count=errors),
                ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
            ])
            verdict = (t("✗ {counts}: the image will not pull until the fixes below are made, "
                         "in this order.", counts=counts), "bold $error")
        elif self.diagnosis.context.recovery:  # broken, whatever the checks found: no all-clear
            from tui.report.summary import verdict as summed_up

            verdict = f"! {summed_up(self.diagnosis).sentence}", "bold $warning"
        elif warnings:
            verdict = (ngettext("! No errors, {count} warning: worth fixing.",
                                "! No errors, {count} warnings: worth fixing.",
                                warnings).format(count=warnings), "bold $warning")
        else:
            verdict = (_("✓ No error or warning found. If the codespace still cannot pull, "
                         "rebuild it and read the creation log."), "bold $success")
        widgets: list[Widget] = [self.lead(*verdict, intro=False), self.steps_table()]
        fixes = self.diagnosis.fixes_in_order()
        if fixes:
            from tui.report.actors import actor_title, by_actor

            widgets.append(plain(_("Fixes, in order, by who makes them (the cause first):"),
                                 "bold"))
            number = 0
            for actor, items in by_actor(fixes):
                widgets.append(plain(f"{actor_title(actor)}:", "bold"))
                for item in items:
                    number += 1
                    widgets.append(FindingCard(item, number, classes="finding"))
        widgets.append(plain(_("Press e to export the redacted Markdown report, c to copy it."),
                             "dim"))
        return widgets

    def steps_table(self) -> Static:
        """One row per diagnosis step with its outcome."""
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for step in STEP_IDS:
            result = self.diagnosis.results.get(step)
            if step in self.wizard.state.pending:
                cell = Text(_("⋯ running") if self.wizard.state.running == step
                            else _("… waiting"), style=themed(STATE_STYLE["running"]))
            elif result is None:
                cell = Text(_("not run"), style="dim")
            else:
                cell = Text(describe_result(result),
                            style=themed(STATE_STYLE.get(result.status, "")))
            table.add_row(_(WIZARD_TITLES[step]), cell)
        return Static(table, classes="facts")
