"""The symbols and styles the wizard uses for states and severities."""

from __future__ import annotations

from tui.marks import STATE_MARK

STATE_SYMBOL: dict[str, str] = STATE_MARK
"""The marks of `tui.marks` (one set for the wizard and the reports)."""

STATE_STYLE: dict[str, str] = {
    "pass": "green",
    "warn": "yellow",
    "fail": "bold red",
    "skip": "dim",
    "running": "cyan",
    "queued": "dim cyan",
    "pending": "dim",
}

SEVERITY_STYLE: dict[str, str] = {
    "error": "bold red",
    "warning": "bold yellow",
    "info": "bold cyan",
}
