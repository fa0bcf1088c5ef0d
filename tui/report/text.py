"""The plain-text output of `check`, in the style of a doctor command (✓ / ! / ✗ per step)."""

from __future__ import annotations

from tui import __version__
from tui.checks.diagnosis import Diagnosis
from tui.model import STEP_IDS, STEP_TITLES, Finding, StepResult
from tui.report.actors import ACTOR_TITLES, by_actor
from tui.report.summary import SEVERITY_MARK, STATUS_MARK, verdict

_WIDTH = 100


def _wrap(text: str, indent: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if len(paragraph) <= _WIDTH - len(indent) and _plain(paragraph):
            lines.append(indent + paragraph)  # fits as it is: what textwrap would give
            continue
        import textwrap  # only for a paragraph that needs wrapping

        wrapped = textwrap.wrap(
            paragraph, _WIDTH - len(indent), break_long_words=False, break_on_hyphens=False
        )
        lines.extend(indent + line for line in (wrapped or [""]))
    return lines


def _plain(paragraph: str) -> bool:
    """Printable, with no white space but plain spaces and none at either end: a paragraph
    textwrap would leave as it is when it fits."""
    return paragraph.isprintable() and paragraph == paragraph.strip()


def _finding_lines(item: Finding) -> list[str]:
    about = " · ".join(x for x in (item.secret_set, item.image, item.stage) if x)
    cause = " (the cause)" if item.lead else ""
    head = f"    {SEVERITY_MARK[item.severity]} {item.code}{cause}: {item.title}"
    lines = [head + (f" [{about}]" if about else "")]
    lines += _wrap(item.detail, "        ")
    lines += _wrap(f"fix: {item.fix}", "        ")
    return lines


def _proof_lines(result: StepResult, redact) -> list[str]:
    """One line per subject that passed every stage: what its deepest stage proved."""
    lines = []
    for ladder in result.ladders:
        passed = [r for r in ladder.rungs if r.status == "pass"]
        if not passed or any(r.status == "fail" for r in ladder.rungs):
            continue
        deepest = passed[-1]
        note = redact(deepest.note) if deepest.note else "passed"
        lines += _wrap(f"{STATUS_MARK['pass']} {ladder.subject}: {deepest.stage} — {note}",
                       "    ")
    return lines


def render_text(diagnosis: Diagnosis) -> str:
    """The whole text report, redacted."""
    ctx = diagnosis.context
    daemon = ctx.docker_daemon.replace("-", " ")
    lines = [
        f"registry-doctor {__version__} — codespace: {'yes' if ctx.codespace else 'no'}"
        f" · recovery: {'yes' if ctx.recovery else 'no'} · docker daemon: {daemon}"
    ]
    for step in STEP_IDS:
        result = diagnosis.results.get(step)
        if result is None:
            continue
        title = STEP_TITLES[step]
        if result.status == "skip":
            note = diagnosis.redactor(result.note)
            lines.append(f"[{STATUS_MARK['skip']}] {title} — skipped: {note}")
            continue
        lines.append(f"[{STATUS_MARK[result.status]}] {title} ({result.seconds:.2f} s)")
        lines += _proof_lines(result, diagnosis.redactor)
        for item in result.findings:
            lines += _finding_lines(item)
    fixes = diagnosis.fixes_in_order()
    if fixes:
        lines += ["", "Fixes, in order, by who makes them:"]
        number = 0
        for actor, items in by_actor(fixes):
            lines.append(f"  {ACTOR_TITLES[actor]}:")
            for item in items:
                number += 1
                cause = " (the cause)" if item.lead else ""
                lines += _wrap(f"{number}. {item.code}{cause}: {item.fix}", "    ")
    outcome = verdict(diagnosis)
    lines.append("")
    lines.append(f"Summary: {outcome.sentence}")
    return diagnosis.redactor.guard("\n".join(lines) + "\n")
