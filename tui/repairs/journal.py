"""The journal of repairs: one JSON line each, never a value.

`$XDG_STATE_HOME/registry-doctor/repairs.jsonl` (default `~/.local/state/registry-doctor/`):
time, code, action, target names, result, the requests made, and the requests that undo it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

from tui.repairs.model import Repair


def journal_path(environ: Mapping[str, str]) -> Path:
    """Where the journal lives."""
    state = (environ.get("XDG_STATE_HOME") or "").strip()
    base = Path(state) if state else Path(environ.get("HOME") or Path.home()) / ".local" / "state"
    return base / "registry-doctor" / "repairs.jsonl"


def record(environ: Mapping[str, str], repair: Repair, status: str, message: str,
           now: datetime | None = None) -> Path | None:
    """Append one line; None when the journal cannot be written (the repair stands)."""
    path = journal_path(environ)
    line = {
        "time": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "code": repair.code,
        "action": repair.action,
        "target": list(repair.target),
        "result": status,
        "message": message,
        "requests": list(repair.requests),
        "undo": list(repair.undo),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    except OSError:
        return None
    return path
