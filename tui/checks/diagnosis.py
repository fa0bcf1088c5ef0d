"""Runs the steps in order, keeps what each learned, and turns a crash into a finding.

Both front ends drive this one object: `check` calls `run_all()`, the wizard calls
`run_step()` per screen (in a worker thread) and listens to `progress`.
"""

from __future__ import annotations

import _thread  # not threading (~1 ms at start): the lock is all a check without network needs
import contextlib
import importlib
import time
from collections.abc import Callable

from tui.i18n import N_, _, t
from tui.lazy_pattern import LazyPattern
from tui.model import (
    Context,
    Finding,
    Rung,
    Secret,
    SecretSet,
    Severity,
    StepResult,
    SubjectLadder,
    Variable,
)
from tui.options import Options
from tui.record import field, record
from tui.redact import Redactor
from tui.steps import BY_ID, NETWORK_STEPS, STEP_IDS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up
if TYPE_CHECKING:
    from tui.checks.ecr import EcrSetResult
    from tui.checks.github import GithubAccess
    from tui.github.facts import GithubFacts
    from tui.registry.image_sense import ArtifactGuess
    from tui.registry.probe.ladder import Ladder
    from tui.steps import StageState, StepStatus

STEP_MODULES: dict[str, str] = {s: str(BY_ID[s].checker) for s in STEP_IDS}
"""Each step is a module with `run(diagnosis) -> list[Finding]`, imported when first run
(from the step table, `tui.steps`)."""

FINAL_STATES: dict[str, StepStatus] = {
    "pass": "pass", "warn": "warn", "fail": "fail", "skip": "skip",
}
"""Stage states that end a stage (the others, running and pending, are still moving)."""

OFFLINE_NOTE = N_("offline: no network, daemon or cloud call")
"""Why a network step is skipped offline (a message id: translated where it is set)."""

EVIDENCE_CODES = frozenset({"CREATION_LOG_ERROR"})
"""Codes that show a failure happened rather than what caused it."""


_USER_INFO = LazyPattern(r"(?:^|://|\s)[^/@\s:]+:([^/@\s]+)@")


def user_info_passwords(texts: list[str]) -> list[str]:
    """Passwords written as URL user-info (`https://user:PASSWORD@host`) in non-secret values."""
    return [m.group(1) for text in texts for m in _USER_INFO.finditer(text)]


class StepSkipped(Exception):
    """Raised by a step that does not apply; the message says why.

    `findings` are kept with the skipped result (e.g. GITHUB_TOKEN_UNAVAILABLE: how to give
    the step what it lacks).
    """

    def __init__(self, reason: str, findings: list[Finding] | None = None) -> None:
        super().__init__(reason)
        self.findings: list[Finding] = list(findings or [])


@record
class Handoff:
    """What one step hands to later steps and to the screens: one typed field each."""

    load_problems: list[Finding] = field(default_factory=list)
    """Files that could not be read while loading variables (reported by `secrets`)."""
    load_error: Exception | None = None
    """Loading the variables crashed (reported by `secrets` as INTERNAL_ERROR)."""
    secret_sets_built: bool = False
    image_sets: dict[str, str | None] = field(default_factory=dict)
    """Image ref → prefix of the set that covers it (None: none does); from `naming`."""
    public_answers: dict[str, bool | None] = field(default_factory=dict)
    """Image ref → an anonymous pull works (True), is refused (False) or unknown (None)."""
    reported_without_sets: set[str] = field(default_factory=set)
    """Registries `secrets`' NO_REGISTRY_SECRETS already names (`naming` does not repeat it)."""
    uncovered_hosts: dict[str, str] = field(default_factory=dict)
    """Registry → the code (NO_REGISTRY_SECRETS or IMAGE_REGISTRY_UNCOVERED) that already asks
    for a set for it; `pull`'s anonymous refusal there only confirms it."""
    not_images: set[str] = field(default_factory=set)
    """Refs `context` judged not to be images (Template/Feature ids): coverage skips them."""
    artifact_refs: dict[str, ArtifactGuess] = field(default_factory=dict)
    """Ref → what it looks like when it may be a Template/Feature id (`pull` settles it)."""
    anonymous_pull: dict[str, Ladder] = field(default_factory=dict)
    """Image ref → the anonymous pull probe `naming` made (`pull` reuses it, not waiting twice)."""
    github: GithubAccess | None = None
    """The token and repository the GitHub step found (None before it ran)."""
    github_facts: GithubFacts | None = None
    """What GitHub's API said (None when the step did not ask): the GitHub screen shows it,
    the Pull step names the GHCR_PACKAGE_ACCESS case from it."""
    login: dict[str, Ladder] = field(default_factory=dict)
    """Secret-set prefix → its login ladder."""
    pull: dict[str, Ladder] = field(default_factory=dict)
    """Image ref → its pull ladder."""
    ecr: dict[str, EcrSetResult] = field(default_factory=dict)
    """Secret-set prefix → what the ECR step learned."""


@record(frozen=True)
class Progress:
    """A live update from a running step: `subject` (a set or image) reached `stage`."""

    step: str
    subject: str
    stage: str
    state: StageState
    """running | pass | warn | fail | skip"""
    detail: str = ""
    seconds: float | None = None


@record
class Diagnosis:
    """The state of one diagnosis: options in, context, variables, sets and results out."""

    options: Options
    context: Context = field(default_factory=Context)
    variables: list[Variable] = field(default_factory=list)
    secret_sets: list[SecretSet] = field(default_factory=list)
    results: dict[str, StepResult] = field(default_factory=dict)
    handoff: Handoff = field(default_factory=Handoff)
    """What steps hand to later steps and to screens (typed: see `Handoff`)."""
    redactor: Redactor = field(default_factory=Redactor)
    progress: Callable[[Progress], None] | None = None
    _lock: _thread.LockType = field(default_factory=_thread.allocate_lock, repr=False)
    _primed: bool = field(default=False, repr=False)
    _ladders: dict[str, dict[str, SubjectLadder]] = field(default_factory=dict, repr=False)
    _raw: dict[str, list[Finding]] = field(default_factory=dict, repr=False)
    """Each step's findings as it made them, before the cause model judged them all."""

    def prime(self, reload: bool = False) -> None:
        """Load every variable, before any step, so all secrets are known to the redactor.

        `tui.checks.secrets.load_variables(options)` returns the variables and the findings
        of files that could not be read; the secrets step reports those. With `reload`, the
        files are read again (the wizard's re-run after the user fixed them).
        """
        if self._primed and not reload:
            return
        self._primed = True
        try:
            from tui.checks.secrets import load_variables

            self.variables, self.handoff.load_problems = load_variables(self.options)
            self.handoff.load_error = None
        except Exception as exc:  # the secrets step reports it as INTERNAL_ERROR
            self.handoff.load_error = exc
            self.variables, self.handoff.load_problems = [], []
        for variable in self.variables:
            if isinstance(variable.value, Secret):
                self.redactor.add(variable.value)
        texts = [v.text for v in self.variables if not isinstance(v.value, Secret)]
        for password in user_info_passwords([*texts, self.options.image or ""]):
            self.redactor.add(password)

    def report(
        self, step: str, subject: str, stage: str, state: StageState, detail: str = "",
        seconds: float | None = None,
    ) -> None:
        """Record a stage of `subject` in the step's ladder and tell the listener (the
        wizard); thread-safe, never raises. `stage == step` is a verdict on the whole subject.
        """
        update = Progress(step, subject, stage, state, self.redactor(detail), seconds)
        self._record(update)
        listener = self.progress
        if listener is None:
            return
        with contextlib.suppress(Exception):  # a broken listener must not break the check
            listener(update)

    def _record(self, update: Progress) -> None:
        """Keep the final state of each stage: the ladder the step's result carries."""
        status = FINAL_STATES.get(update.state)
        if status is None:  # running or pending: not a rung yet
            return
        with self._lock:
            ladders = self._ladders.setdefault(update.step, {})
            ladder = ladders.setdefault(update.subject, SubjectLadder(update.subject))
            if update.stage == update.step:  # a verdict on the whole subject
                if update.state == "skip":
                    ladder.note = update.detail or _("not probed")
                return
            rung = Rung(update.stage, status, update.seconds, update.detail)
            for index, earlier in enumerate(ladder.rungs):
                if earlier.stage == update.stage:
                    ladder.rungs[index] = rung
                    return
            ladder.rungs.append(rung)

    def begin_ladders(self, step: str) -> None:
        """Forget the ladders of an earlier run of `step`."""
        with self._lock:
            self._ladders[step] = {}

    def take_ladders(self, step: str) -> list[SubjectLadder]:
        """The ladders `step` reported, in the order of the secret sets, then the images."""
        with self._lock:
            found = self._ladders.pop(step, {})
        order = [s.prefix for s in self.secret_sets] + [i.ref for i in self.context.images]
        rank = {subject: index for index, subject in enumerate(order)}
        return sorted(found.values(), key=lambda ladder: rank.get(ladder.subject, len(rank)))

    def run_step(self, step: str) -> StepResult:
        """Run one step (re-running replaces its earlier result; the secrets step re-reads
        the variables, so a fix made meanwhile is seen)."""
        self.prime(reload=step == "secrets")
        started = time.monotonic()
        result = StepResult(id=step)
        self.begin_ladders(step)
        if self.options.offline and step in NETWORK_STEPS:
            result.status, result.note = "skip", _(OFFLINE_NOTE)
        else:
            try:
                module = importlib.import_module(STEP_MODULES[step])
                findings = list(module.run(self))
                result.findings = [self._clean(f) for f in findings]
                result.status = StepResult.status_of(result.findings)
            except StepSkipped as skipped:
                result.status, result.note = "skip", str(skipped)
                result.findings = [self._clean(f) for f in skipped.findings]
            except Exception as exc:  # a crashing check becomes a finding
                result.findings = [self._internal_error(step, exc)]
                result.status = "fail"
        result.seconds = round(time.monotonic() - started, 3)
        result.ladders = self.take_ladders(step)
        with self._lock:
            self._raw[step] = list(result.findings)
            self.results[step] = result
            self._judge()
        return result

    def _judge(self) -> None:
        """Let the cause model judge every finding so far: one lead per failing image, the
        generic findings it explains lowered (each step's status follows)."""
        from tui.causes import judge

        order = [s for s in STEP_IDS if s in self._raw and s in self.results]
        raw = [f for s in order for f in self._raw[s]]
        judged = iter(judge(raw, [i.ref for i in self.context.images], self.handoff.image_sets))
        for s in order:
            result = self.results[s]
            result.findings = [next(judged) for _item in self._raw[s]]
            if result.status != "skip":
                result.status = StepResult.status_of(result.findings)

    def run_all(self, steps: tuple[str, ...] = STEP_IDS) -> list[StepResult]:
        """Run every step in order."""
        return [self.run_step(step) for step in steps]

    @property
    def findings(self) -> list[Finding]:
        """Every finding so far, in step order."""
        return [f for step in STEP_IDS if step in self.results for f in self.results[step].findings]

    def fixes_in_order(self) -> list[Finding]:
        """Findings with something to fix: the lead of the first failing image first (the
        cause model's), then the other leads, errors, then warnings; first broken stage first.

        Evidence of a failure (the creation log) comes after the causes found, since fixing
        a cause is what clears it; alone, it comes first.
        """
        from tui.causes import first_fix

        order = {step: i for i, step in enumerate(STEP_IDS)}
        actionable = [f for f in self.findings if f.severity is not Severity.INFO]
        causes = any(f.code not in EVIDENCE_CODES for f in actionable)
        first = first_fix(actionable, [i.ref for i in self.context.images])

        def key(item: Finding) -> tuple[bool, bool, bool, int, int]:
            evidence = causes and item.code in EVIDENCE_CODES
            return (item is not first, not item.lead, evidence, item.severity.rank,
                    order.get(item.step, 99))

        return sorted(actionable, key=key)

    def first_fix(self) -> Finding | None:
        """The fix to make first (`summary.first`): None when nothing needs fixing."""
        ordered = self.fixes_in_order()
        return ordered[0] if ordered else None

    def _clean(self, item: Finding) -> Finding:
        """Redact every text field of a finding (the last guard before anything is shown)."""
        r = self.redactor
        return Finding(
            code=item.code, severity=item.severity, step=item.step, title=r(item.title),
            detail=r(item.detail), fix=r(item.fix), secret_set=item.secret_set,
            image=item.image, stage=item.stage, actor=item.actor, lead=item.lead,
            explains=item.explains,
        )

    def _internal_error(self, step: str, exc: BaseException) -> Finding:
        import traceback  # only when a step crashes

        from tui.catalogue import finding  # the steps import it; the wizard's start-up need not

        frames = traceback.extract_tb(exc.__traceback__)
        error = f"{type(exc).__name__}: {exc}"
        detail = t("The {step} check failed: {error}", step=step, error=error)
        if frames:
            last = frames[-1]
            detail = t("The {step} check failed at {function} ({file}:{line}): {error}",
                       step=step, function=last.name, file=last.filename.rsplit("/", 1)[-1],
                       line=last.lineno, error=error)
        return finding("INTERNAL_ERROR", detail=self.redactor(detail), step=step)
