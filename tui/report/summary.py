"""What every front end says about a finished diagnosis: counts, verdict, status marks."""

from __future__ import annotations

from tui.checks.diagnosis import Diagnosis
from tui.i18n import _, ngettext, t
from tui.marks import STATUS_MARK as MARKS
from tui.model import Severity
from tui.record import record
from tui.report.actors import actor_name

STATUS_MARK = MARKS
"""One set of marks with the wizard (`tui.marks`)."""
SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


@record(frozen=True)
class Verdict:
    """The one-line outcome: counts and a sentence."""

    errors: int
    warnings: int
    infos: int
    sentence: str


def verdict(diagnosis: Diagnosis) -> Verdict:
    """Counts of findings by severity and the sentence that sums them up (current language)."""
    findings = diagnosis.findings
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    infos = sum(f.severity is Severity.INFO for f in findings)
    skipped = [r.id for r in diagnosis.results.values() if r.status == "skip"]
    if errors:
        first = diagnosis.fixes_in_order()[0]
        counts = {"errors": ngettext("{count} error", "{count} errors", errors).format(
                      count=errors),
                  "warnings": ngettext("{count} warning", "{count} warnings", warnings).format(
                      count=warnings)}
        if first.actor == "you":
            sentence = t("{errors}, {warnings}: fix {code} first.", code=first.code, **counts)
        else:
            sentence = t("{errors}, {warnings}: fix {code} first ({actor} makes it).",
                         code=first.code, actor=actor_name(first.actor), **counts)
    elif diagnosis.context.recovery:
        sentence = _recovery_sentence(diagnosis, warnings)
    elif warnings:
        sentence = ngettext("No errors, {count} warning worth a look.",
                            "No errors, {count} warnings worth a look.", warnings).format(
                                count=warnings)
    else:
        sentence = _("No problems found.")
    if skipped:
        sentence = t("{sentence} Skipped: {steps}.", sentence=sentence,
                     steps=_(", ").join(skipped))
    return Verdict(errors, warnings, infos, sentence)


def _recovery_sentence(diagnosis: Diagnosis, warnings: int) -> str:
    """A codespace in recovery is broken: never an all-clear, say what to look at."""
    actionable = [f for f in diagnosis.fixes_in_order() if f.code != "RECOVERY_MODE"]
    offline = diagnosis.options.offline
    if warnings and actionable:
        code = actionable[0].code
        if offline:
            return t("The codespace is in recovery mode but no check found the cause: look at "
                     "{code} first; run it again without `--offline`, inside the codespace, to "
                     "test login and pull.", code=code)
        return t("The codespace is in recovery mode but no check found the cause: look at "
                 "{code} first.", code=code)
    if offline:
        return _("The codespace is in recovery mode but no check found the cause: read the "
                 "creation log (`gh codespace logs`) and run `registry-doctor check --image REF` "
                 "for the image it names; run it again without `--offline`, inside the "
                 "codespace, to test login and pull.")
    return _("The codespace is in recovery mode but no check found the cause: read the creation "
             "log (`gh codespace logs`) and run `registry-doctor check --image REF` for the "
             "image it names.")
