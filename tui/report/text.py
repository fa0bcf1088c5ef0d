"""The plain-text output of `check`, in the style of a doctor command (✓ / ! / ✗ per step),
in the current language; lines wrap by terminal cells (`tui.i18n.wrap`)."""

from __future__ import annotations

from tui import __version__
from tui.checks.diagnosis import Diagnosis
from tui.i18n import _, t
from tui.model import STEP_IDS, STEP_TITLES, Finding, StepResult
from tui.report.actors import actor_title, by_actor
from tui.report.summary import SEVERITY_MARK, STATUS_MARK, verdict
from tui.steps import STAGE_LABELS

_WIDTH = 100


def _wrap(text: str, indent: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if len(paragraph) <= _WIDTH - len(indent) and _plain(paragraph):
            lines.append(indent + paragraph)  # fits as it is: what wrap would give
            continue
        from tui.i18n.wrap import wrap  # only for a paragraph that needs wrapping

        lines.extend(wrap(paragraph, _WIDTH, indent))
    return lines


_ONE_CELL = frozenset("✓✗–⋯…·—→•")
"""The marks and dashes of the report beyond Latin-1: one terminal cell each."""


def _plain(paragraph: str) -> bool:
    """One cell a character (Latin-1, or the report's marks), printable, single spaces and
    none at either end: a paragraph `tui.i18n.wrap.wrap` would leave as it is when it fits."""
    return (paragraph.isprintable() and paragraph == paragraph.strip() and "  " not in paragraph
            and (paragraph.isascii() or all(c <= "\xff" or c in _ONE_CELL for c in paragraph)))


def yes_no(value: bool) -> str:
    """`yes` or `no` in the current language."""
    return _("yes") if value else _("no")


def daemon_state(state: str) -> str:
    """The context's Docker daemon state as words (`not-checked` → `not checked`)."""
    words = {"available": _("available"), "absent": _("absent"), "error": _("error"),
             "not-checked": _("not checked")}
    return words.get(state, state.replace("-", " "))


def stage_label(stage: str) -> str:
    """How a ladder stage is written, in the current language."""
    return _(STAGE_LABELS.get(stage, stage))


def lead_code(item: Finding) -> str:
    """The code, marked when it is the cause."""
    return t("{code} (the cause)", code=item.code) if item.lead else item.code


def _finding_lines(item: Finding) -> list[str]:
    about = " · ".join(x for x in (item.secret_set, item.image, item.stage) if x)
    head = f"    {SEVERITY_MARK[item.severity]} {lead_code(item)}: {item.title}"
    lines = [head + (f" [{about}]" if about else "")]
    lines += _wrap(item.detail, "        ")
    lines += _wrap(t("fix: {fix}", fix=item.fix), "        ")
    return lines


def _proof_lines(result: StepResult, redact) -> list[str]:
    """One line per subject that passed every stage: what its deepest stage proved."""
    lines = []
    for ladder in result.ladders:
        passed = [r for r in ladder.rungs if r.status == "pass"]
        if not passed or any(r.status == "fail" for r in ladder.rungs):
            continue
        deepest = passed[-1]
        note = redact(deepest.note) if deepest.note else _("passed")
        lines += _wrap(f"{STATUS_MARK['pass']} {ladder.subject}: {stage_label(deepest.stage)} "
                       f"— {note}", "    ")
    return lines


def render_text(diagnosis: Diagnosis) -> str:
    """The whole text report, redacted."""
    ctx = diagnosis.context
    lines = [t("registry-doctor {version} — codespace: {codespace} · recovery: {recovery} · "
               "docker daemon: {daemon}", version=__version__, codespace=yes_no(ctx.codespace),
               recovery=yes_no(ctx.recovery), daemon=daemon_state(ctx.docker_daemon))]
    for step in STEP_IDS:
        result = diagnosis.results.get(step)
        if result is None:
            continue
        title = _(STEP_TITLES[step])
        if result.status == "skip":
            note = diagnosis.redactor(result.note)
            lines.append(f"[{STATUS_MARK['skip']}] "
                         + t("{step} — skipped: {note}", step=title, note=note))
            continue
        lines.append(f"[{STATUS_MARK[result.status]}] "
                     + t("{step} ({seconds} s)", step=title, seconds=f"{result.seconds:.2f}"))
        lines += _proof_lines(result, diagnosis.redactor)
        for item in result.findings:
            lines += _finding_lines(item)
    fixes = diagnosis.fixes_in_order()
    if fixes:
        lines += ["", _("Fixes, in order, by who makes them:")]
        number = 0
        for actor, items in by_actor(fixes):
            lines.append(f"  {actor_title(actor)}:")
            for item in items:
                number += 1
                lines += _wrap(f"{number}. {lead_code(item)}: {item.fix}", "    ")
    outcome = verdict(diagnosis)
    lines.append("")
    lines.append(t("Summary: {sentence}", sentence=outcome.sentence))
    return diagnosis.redactor.guard("\n".join(lines) + "\n")
