"""The one set of marks for states: the wizard, the text and Markdown reports all use it.

`–` is the skip mark everywhere; on a terminal that cannot show these, the command line
writes ASCII stand-ins (`tui.cli.ASCII_MARKS`).
"""

from __future__ import annotations

STATE_MARK: dict[str, str] = {
    "pass": "✓",
    "warn": "!",
    "fail": "✗",
    "skip": "–",
    "running": "⋯",
    "queued": "…",
    "pending": "·",
}
"""A step's or a stage's state (pass, warn, fail, skip; the wizard's running, queued and
pending too)."""

STATUS_MARK: dict[str, str] = {s: STATE_MARK[s] for s in ("pass", "warn", "fail", "skip")}
"""The marks of a finished step or stage."""
