"""Small helpers shared by the dev container readers: bounded file reads, paths, wording."""

from __future__ import annotations

import os
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
"""Larger configuration files are refused (no real one comes close)."""


def read_text(path: Path) -> tuple[str, str | None]:
    """The file's text (undecodable bytes replaced), or an error sentence."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "", "the file does not exist"
    except IsADirectoryError:
        return "", "is a directory, not a file"
    except OSError as exc:
        return "", f"cannot be read ({exc.strerror or type(exc).__name__})"
    except ValueError:  # a NUL byte in the path
        return "", "is not a usable path"
    if len(raw) > MAX_FILE_BYTES:
        return "", f"is larger than {MAX_FILE_BYTES // 1024} KiB"
    if b"\x00" in raw:
        return "", "is not a text file (it contains NUL bytes)"
    return raw.decode("utf-8-sig", errors="replace"), None


def printable(text: str) -> str:
    """Control characters written as escapes (`\\n`), so a message stays on one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def kind(value: object) -> str:
    """The JSON/YAML name of `value`'s type, for messages."""
    return {
        dict: "object", list: "list", str: "string", bool: "boolean", int: "number",
        float: "number", type(None): "null",
    }.get(type(value), type(value).__name__)


def exists(path: Path) -> bool:
    """Whether `path` exists (a dangling symlink counts); never raises."""
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return False


def relative(path: Path, workspace: Path) -> str:
    """`path` relative to the workspace, with forward slashes."""
    try:
        return Path(os.path.relpath(path, workspace)).as_posix()
    except ValueError:
        return path.as_posix()


def string_map(values: dict) -> dict[str, str]:
    """A mapping's keys and values as strings (null becomes empty)."""
    result: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        result[str(key)] = "" if value is None else str(value)
    return result


def unquote(text: str) -> str:
    """`text` without one pair of surrounding quotes."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def lexical(path: Path) -> Path:
    """`path` made absolute and normalised by its text alone, as Compose and the dev containers
    CLI resolve paths: `a/missing/../b` is `a/b` whether or not `missing` exists."""
    return Path(os.path.abspath(path))
