"""The login step (placeholder until it is built)."""

from __future__ import annotations

from tui.checks.diagnosis import Diagnosis, StepSkipped
from tui.model import Finding


def run(diagnosis: Diagnosis) -> list[Finding]:
    """Not built yet."""
    raise StepSkipped("not available in this version")
