"""A deadline shared by every network operation of one probe."""

from __future__ import annotations

import time


class Deadline:
    """Each operation gets at most `per_op` seconds and never past the overall end."""

    def __init__(self, per_op: float, total: float | None = None) -> None:
        self.per_op = max(0.05, float(per_op))
        self.started = time.monotonic()
        self.end = self.started + (total if total is not None else 2 * self.per_op)

    def budget(self) -> float:
        """Seconds the next operation may take (at least a few milliseconds)."""
        return max(0.01, min(self.per_op, self.end - time.monotonic()))

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float:
        """Seconds left of the whole bound; TimeoutError once it is spent."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no answer within the bound")
        return remaining

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.end
