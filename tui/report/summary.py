"""What every front end says about a finished diagnosis: counts, verdict, status marks."""

from __future__ import annotations

from dataclasses import dataclass

from tui.checks.diagnosis import Diagnosis
from tui.marks import STATUS_MARK as MARKS
from tui.model import Severity
from tui.report.actors import ACTOR_TITLES

STATUS_MARK = MARKS
"""One set of marks with the wizard (`tui.marks`)."""
SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


@dataclass(frozen=True)
class Verdict:
    """The one-line outcome: counts and a sentence."""

    errors: int
    warnings: int
    infos: int
    sentence: str


def verdict(diagnosis: Diagnosis) -> Verdict:
    """Counts of findings by severity and the sentence that sums them up."""
    findings = diagnosis.findings
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    infos = sum(f.severity is Severity.INFO for f in findings)
    skipped = [r.id for r in diagnosis.results.values() if r.status == "skip"]
    if errors:
        first = diagnosis.fixes_in_order()[0]
        counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        who = "" if first.actor == "you" else f" ({ACTOR_TITLES[first.actor].lower()} makes it)"
        sentence = f"{counts}: fix {first.code} first{who}."
    elif diagnosis.context.recovery:
        sentence = _recovery_sentence(diagnosis, warnings)
    elif warnings:
        sentence = f"No errors, {_plural(warnings, 'warning')} worth a look."
    else:
        sentence = "No problems found."
    if skipped:
        sentence += f" Skipped: {', '.join(skipped)}."
    return Verdict(errors, warnings, infos, sentence)


def _recovery_sentence(diagnosis: Diagnosis, warnings: int) -> str:
    """A codespace in recovery is broken: never an all-clear, say what to look at."""
    actionable = [f for f in diagnosis.fixes_in_order() if f.code != "RECOVERY_MODE"]
    if warnings and actionable:
        lead = f"look at {actionable[0].code} first"
    else:
        lead = ("read the creation log (`gh codespace logs`) and run `registry-doctor check "
                "--image REF` for the image it names")
    online = ("; run it again without `--offline`, inside the codespace, to test login and pull"
              if diagnosis.options.offline else "")
    return f"The codespace is in recovery mode but no check found the cause: {lead}{online}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
