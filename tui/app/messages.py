"""Messages shared by the wizard's screens and the app (posted from worker threads).

Plain `Message` subclasses with an `__init__` each: `@dataclass` would build and compile
methods for every class when the wizard starts (~7 M instructions before its first paint)."""

from __future__ import annotations

from textual.message import Message

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from tui.checks.diagnosis import Progress
    from tui.model import StepResult


class StepStarted(Message):
    """A step began running in a worker."""

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step


class StepFinished(Message):
    """A step finished; `result` is what `Diagnosis.run_step` returned."""

    def __init__(self, step: str, result: StepResult) -> None:
        super().__init__()
        self.step = step
        self.result = result


class StepProgress(Message):
    """A live update from a running step (a ladder stage changed)."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress


class RunRequested(Message):
    """A screen asks the app to run its step again (`force`) or what it still needs."""

    def __init__(self, step: str, force: bool = False) -> None:
        super().__init__()
        self.step = step
        self.force = force


class DaemonPullRequested(Message):
    """The Pull screen asks for a pull through the Docker daemon too (it downloads the whole
    image, so only on request)."""


class ExplainRequested(Message):
    """The user asked what a finding code means."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
