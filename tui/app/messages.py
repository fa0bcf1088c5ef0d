"""Messages shared by the wizard's screens and the app (posted from worker threads)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.checks.diagnosis import Progress
from tui.model import StepResult


@dataclass
class StepStarted(Message):
    """A step began running in a worker."""

    step: str


@dataclass
class StepFinished(Message):
    """A step finished; `result` is what `Diagnosis.run_step` returned."""

    step: str
    result: StepResult


@dataclass
class StepProgress(Message):
    """A live update from a running step (a ladder stage changed)."""

    progress: Progress


@dataclass
class RunRequested(Message):
    """A screen asks the app to run its step again (`force`) or what it still needs."""

    step: str
    force: bool = False


@dataclass
class DaemonPullRequested(Message):
    """The Pull screen asks for a pull through the Docker daemon too (it downloads the whole
    image, so only on request)."""


@dataclass
class ExplainRequested(Message):
    """The user asked what a finding code means."""

    code: str
