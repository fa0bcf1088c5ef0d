"""What the wizard knows besides the diagnosis: which steps run, and the live ladders."""

from __future__ import annotations

import time

from tui.checks.diagnosis import Diagnosis, Progress
from tui.i18n import _
from tui.record import field, record
from tui.steps import (  # noqa: F401 - re-exported
    LADDER_STAGES,
    STAGE_ORDER,
    WIZARD_STEPS,
    WIZARD_TITLES,
)

CONNECTION_STAGES = frozenset({"dns", "tcp", "tls", "challenge", "credentials"})
"""Stages the pull ladder shows only when they fail (the login ladder shows them all)."""


@record
class Ladder:
    """The state of every stage of one subject: pending | running | pass | warn | fail | skip."""

    subject: str
    stages: list[str]
    states: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    note: str = ""
    """A line about the whole subject (e.g. why it was not probed)."""

    def set(self, stage: str, state: str, detail: str = "") -> None:
        """Record a stage's state (a stage not in the list goes where `STAGE_ORDER` puts it)."""
        if stage not in self.stages:
            self.stages.insert(self._position(stage), stage)
        self.states[stage] = state
        if detail:
            self.details[stage] = detail

    @property
    def failed_stage(self) -> str | None:
        """The stage that failed, if one did."""
        return next((s for s in self.stages if self.states.get(s) == "fail"), None)

    def _position(self, stage: str) -> int:
        if stage not in STAGE_ORDER:
            return len(self.stages)
        rank = STAGE_ORDER.index(stage)
        for index, existing in enumerate(self.stages):
            if existing in STAGE_ORDER and STAGE_ORDER.index(existing) > rank:
                return index
        return len(self.stages)

    def state(self, stage: str) -> str:
        """The stage's state (`pending` until reported)."""
        return self.states.get(stage, "pending")


@record
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
        """Apply one live progress update; returns the ladder it changed (None when the step
        has no ladder)."""
        stages = LADDER_STAGES.get(update.step)
        if not stages:
            return None
        ladders = self.progress.setdefault(update.step, {})
        ladder = ladders.get(update.subject)
        if ladder is None:
            ladder = ladders[update.subject] = Ladder(update.subject, list(stages))
        apply(ladder, update.step, update.stage, update.state, update.detail)
        return ladder

    def ladders(self, step: str, diagnosis: Diagnosis, subjects: list[str]) -> list[Ladder]:
        """The ladders of `step`: live progress while it runs; once it is done, the ladders
        its result carries (what the probe proved), nothing inferred from findings."""
        stages = LADDER_STAGES[step]
        live = self.progress.setdefault(step, {})
        result = diagnosis.results.get(step)
        if result is None or step in self.pending:
            names = list(subjects) + [s for s in live if s not in subjects]
            return [live.setdefault(subject, Ladder(subject, list(stages))) for subject in names]
        proven = {ladder.subject: ladder for ladder in result.ladders}
        names = list(subjects) + [s for s in proven if s not in subjects]
        shown = []
        for subject in names:
            ladder = Ladder(subject, list(stages))
            source = proven.get(subject)
            if source is not None:
                if source.note:
                    apply(ladder, step, step, "skip", source.note)
                for rung in source.rungs:
                    apply(ladder, step, rung.stage, rung.status, rung.note)
            if result.status != "skip":
                finish(ladder)
            shown.append(ladder)
        self.progress[step] = {ladder.subject: ladder for ladder in shown}
        return shown


def apply(ladder: Ladder, step: str, stage: str, state: str, detail: str) -> None:
    """One stage's state on a displayed ladder (`stage == step`: a verdict on the subject)."""
    if stage == step:
        if state == "skip":
            ladder.note = detail or _("not probed")
            for name in ladder.stages:
                ladder.states.setdefault(name, "skip")
        return
    if step == "pull" and stage in CONNECTION_STAGES and state not in ("fail", "warn"):
        return  # the login ladder shows those; the pull ladder only when they fail
    if ladder.failed_stage is not None and stage != ladder.failed_stage:
        return  # one failure per ladder
    ladder.set(stage, state, detail)


def finish(ladder: Ladder) -> None:
    """Once the step is done: stages after a failure were not reached, the others not needed."""
    reported = {s for s, v in ladder.states.items() if v not in ("running", "pending")}
    if not reported and not ladder.note:
        ladder.note = _("no stage was reported for this one")
    fail_at = next((i for i, s in enumerate(ladder.stages) if ladder.states.get(s) == "fail"),
                   None)
    for index, stage in enumerate(ladder.stages):
        if stage not in reported:
            ladder.set(stage, "pending" if fail_at is not None and index > fail_at else "skip")
