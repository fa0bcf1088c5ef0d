"""AWS ECR: identity, rights checked and the least-privilege policy (or why n/a)."""

from __future__ import annotations

import importlib
from typing import Any

from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.app.screens.step import StepScreen, plain
from tui.app.widgets.cell_wrap import wrapped
from tui.app.widgets.symbols import themed
from tui.i18n import N_, _, t
from tui.record import fields, is_record

NOT_APPLICABLE = N_(
    "Not applicable: no secret set names an ECR registry "
    "(<account>.dkr.ecr.<region>.amazonaws.com). This step checks AWS keys and the rights "
    "a pull needs (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) "
    "only for ECR sets."
)

LABELS = {
    "mode": N_("Checked as"),
    "identity_arn": N_("Identity"),
    "identity_account": N_("Identity account"),
    "token_ok": N_("Registry token"),
    "token_expires": N_("Token expires"),
    "actions": N_("Rights checked"),
    "repositories": N_("Repositories"),
    "proxy_endpoint": N_("Endpoint"),
    "probe": N_("Login and pull"),
    "notes": N_("Notes"),
}
"""Row labels for the fields of the ECR step's per-set result (`handoff.ecr[prefix]`)."""

SKIPPED = frozenset({"prefix", "host", "region", "registry_account", "policy"})
"""Fields shown elsewhere on the card (or, for the policy, at its end)."""


def shown_value(name: str, value: Any) -> str:
    """One field of the ECR result as text (rights one per line)."""
    if isinstance(value, bool):
        if name == "token_ok":
            return _("issued") if value else _("refused")
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "\n".join(f"{key}: {state}" for key, state in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(str(part) for part in value)
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes")
    return str(value)


def ecr_policy_module() -> Any | None:
    """`tui.aws.policy` when it is installed (imported lazily), else None."""
    try:
        return importlib.import_module("tui.aws.policy")
    except ImportError:
        return None


def as_mapping(value: Any) -> dict[str, Any]:
    """A record or mapping as a plain dict (anything else: empty)."""
    if is_record(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in fields(value)}
    return dict(value) if isinstance(value, dict) else {}


class EcrScreen(StepScreen):
    """Per ECR set (or the documented form): key mode, every right a pull needs and why, what
    AWS confirmed, and the policy to attach (`s` saves it as policy.json)."""

    step = "ecr"
    BINDINGS = [Binding("s", "save_policy", N_("Save policy.json"), id="ecr.save-policy")]

    def ecr_sets(self) -> list:
        """The secret sets whose kind is `ecr`."""
        return [s for s in self.diagnosis.secret_sets if s.kind == "ecr"]

    def body(self) -> list[Widget]:
        widgets = super().body()
        result = self.diagnosis.results.get(self.step)
        busy = self.step in self.wizard.state.pending
        if result is not None and result.status == "skip" and not busy:
            widgets[1:1] = self.details()  # explained even when AWS was not asked
        if not self.ecr_sets():
            widgets.insert(1, Static(Text(_(NOT_APPLICABLE)), classes="facts"))  # under the lead
        return widgets

    def explanations(self) -> list:
        """What `tui.aws.explain` says of each ECR set (or the documented form)."""
        from tui.aws.explain import explain_ecr

        result = self.diagnosis.results.get(self.step)
        why = result.note if result is not None and result.status == "skip" and result.note \
            else _("AWS was not asked")
        return explain_ecr(self.ecr_sets(), self.diagnosis.context.images,
                           self.diagnosis.handoff.ecr, why)

    def details(self) -> list[Widget]:
        widgets: list[Widget] = []
        for explanation in self.explanations():
            widgets.append(Static(self.describe(explanation), classes="facts"))
            widgets.append(Static(self.rights_table(explanation), classes="facts"))
            widgets.append(plain(t("Least-privilege policy for {subject} (policy.json):",
                                   subject=explanation.subject), "bold"))
            widgets.append(Static(Syntax(explanation.policy, "json", theme="ansi_dark",
                                         background_color="default"), classes="facts"))
            widgets.append(Static(Text(t("Attach it: console {steps}\nCLI (press s to save "
                                         "policy.json): {command}",
                                         steps=explanation.console_steps,
                                         command=explanation.command)), classes="facts"))
        return widgets

    def describe(self, explanation) -> Table:
        """The set, its registry and key mode, and what GitHub does with it."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(_("Set"), Text(explanation.subject))
        grid.add_row(_("Registry"), Text(explanation.server))
        grid.add_row(_("Account / region"), Text(f"{explanation.account} / {explanation.region}"))
        grid.add_row(_("Key mode"), wrapped(Text(f"{explanation.mode_title}: "
                                                 f"{explanation.mode_text}")))
        known = as_mapping(self.diagnosis.handoff.ecr.get(explanation.subject))
        for name, value in known.items():
            if name in SKIPPED or name == "actions" or value in (None, "", [], {}):
                continue
            grid.add_row(_(LABELS[name]) if name in LABELS
                         else name.replace("_", " ").capitalize(),
                         Text(shown_value(name, value)))
        grid.add_row(_("With AWS"), wrapped(Text(explanation.verified)))
        return grid

    def rights_table(self, explanation) -> Table:
        """Every right a pull needs: where it is granted, why, and what AWS said."""
        table = Table(box=None, padding=(0, 1), show_edge=False)
        for index, column in enumerate((_("Right"), _("Granted on"), _("Why a pull needs it"),
                                        _("Status"))):
            table.add_column(column, style="bold" if index == 0 else "", overflow="fold")
        marks = {"allowed": (_("✓ allowed"), themed("$success")),
                 "denied": (_("✗ missing"), themed("$error")),
                 "explained": (_("· explained"), "dim")}
        for right in explanation.rights:
            label, style = marks[right.status]
            table.add_row(right.action, right.resource, wrapped(Text(right.why)),
                          Text(label, style=style))
        for action, why in explanation.not_needed:
            table.add_row(Text(action, style="dim"), "", wrapped(Text(why, style="dim")),
                          Text(_("not needed"), style="dim"))
        return table

    def action_save_policy(self) -> None:
        """Write the first set's least-privilege policy to policy.json beside the report."""
        from tui.aws.explain import POLICY_FILE

        explanation = self.explanations()[0]
        path = self.wizard.export_path.parent / POLICY_FILE
        try:
            path.write_text(explanation.policy + "\n", encoding="utf-8")
        except OSError as exc:
            self.notify(t("Could not write {path}: {reason}", path=path, reason=exc.strerror),
                        severity="error")
            return
        self.notify(t("Saved the policy for {subject} to {path}", subject=explanation.subject,
                      path=path))
