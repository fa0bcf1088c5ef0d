"""The one exception the probe raises: a failed stage, named by a finding code."""

from __future__ import annotations


class ProbeFailure(Exception):
    """A stage of the probe failed; `code` is the finding code, `detail` what was seen.

    The detail never holds a secret: it is built from hosts, status lines and server
    messages only (and the step's redactor scrubs it once more).
    """

    def __init__(self, code: str, stage: str, detail: str, fix: str | None = None) -> None:
        super().__init__(f"{code} at {stage}: {detail}")
        self.code = code
        self.stage = stage
        self.detail = detail
        self.fix = fix
