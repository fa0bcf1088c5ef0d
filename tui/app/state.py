"""What the wizard knows besides the diagnosis: which steps run, and the live ladders."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tui.app.widgets.ladder import Ladder, canonical_stage
from tui.checks.diagnosis import Progress
from tui.steps import LADDER_STAGES, WIZARD_STEPS, WIZARD_TITLES  # noqa: F401 - re-exported

CONNECTION_STAGES = frozenset({"dns", "tcp", "tls", "challenge", "credentials"})
"""Stages the pull ladder shows only when they fail (the login ladder shows them all)."""


@dataclass
class WizardState:
    """Steps queued or running, when each started, and the live progress per step and subject."""

    pending: set[str] = field(default_factory=set)
    running: str | None = None
    started_at: dict[str, float] = field(default_factory=dict)
    progress: dict[str, dict[str, Ladder]] = field(default_factory=dict)

    def start(self, step: str) -> None:
        """A step began: forget its old ladders."""
        self.running = step
        self.started_at[step] = time.monotonic()
        self.progress[step] = {}

    def finish(self, step: str) -> None:
        """A step ended."""
        self.pending.discard(step)
        if self.running == step:
            self.running = None

    def record(self, update: Progress) -> Ladder | None:
        """Apply one progress update; returns the ladder it changed (None for other steps)."""
        stages = LADDER_STAGES.get(update.step)
        if stages is None:
            return None
        ladders = self.progress.setdefault(update.step, {})
        ladder = ladders.get(update.subject)
        if ladder is None:
            ladder = ladders[update.subject] = Ladder(update.subject, list(stages))
        stage = canonical_stage(update.stage)
        if stage == update.step:  # a verdict on the whole subject ("pull" skipped: why)
            if update.state == "skip":
                ladder.note = update.detail or "not probed"
                for name in ladder.stages:
                    ladder.states.setdefault(name, "skip")
            return ladder
        quiet = update.step == "pull" and stage in CONNECTION_STAGES
        if quiet and update.state not in ("fail", "warn"):
            return ladder
        if stage != ladder.failed_stage and ladder.failed_stage is not None:
            return ladder  # one failure per ladder: later verdicts ("login fail") repeat it
        ladder.set(stage, update.state, update.detail)
        return ladder

    def ladders(self, step: str, diagnosis, subjects: list[str]) -> list[Ladder]:
        """The ladders of `step`: live progress, completed from the step's findings once done."""
        stages = LADDER_STAGES[step]
        live = self.progress.setdefault(step, {})
        result = diagnosis.results.get(step)
        done = result is not None and step not in self.pending
        names = list(subjects) + [s for s in live if s not in subjects]
        ladders = []
        for subject in names:
            ladder = live.setdefault(subject, Ladder(subject, list(stages)))
            if done:
                complete_from_findings(ladder, result.findings, result.status)
            ladders.append(ladder)
        return ladders


def complete_from_findings(ladder: Ladder, findings, status: str) -> None:
    """Fill the stages no progress update reported, once the step has finished.

    A subject that reported its stages: the rest were not needed (skipped) or, after a
    failure, not reached. A subject that reported nothing: inferred from its findings
    (passed before the failed stage), or shown as skipped.
    """
    if status == "skip":
        return
    own = [f for f in findings if ladder.subject in (f.secret_set, f.image) and f.stage]
    failed = {canonical_stage(f.stage): f for f in own}
    for stage, item in failed.items():
        if ladder.states.get(stage) in (None, "running", "pending"):
            ladder.set(stage, "fail" if item.severity.value == "error" else "warn", item.code)
    reported = {s: v for s, v in ladder.states.items() if v not in ("running", "pending")}
    fail_at = next((i for i, s in enumerate(ladder.stages)
                    if ladder.states.get(s) == "fail"), None)
    inferred = not (set(reported) - set(failed))
    if inferred and fail_at is None and not ladder.note:
        ladder.note = "no stage was reported for this one"
    for index, stage in enumerate(ladder.stages):
        if stage in reported:
            continue
        if fail_at is not None and index > fail_at:
            ladder.set(stage, "pending")
        elif inferred and fail_at is not None:
            ladder.set(stage, "pass")
        else:
            ladder.set(stage, "skip")
