"""Small helpers shared by the dev container readers: bounded file reads, paths, wording."""

from __future__ import annotations

import os
from pathlib import Path

from tui.encoding import utf8_text
from tui.i18n import N_, _, t

MAX_FILE_BYTES = 1024 * 1024
"""Larger configuration files are refused (no real one comes close)."""


def read_text(path: Path) -> tuple[str, str | None]:
    """The file's text (undecodable bytes replaced), or an error sentence."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "", _("the file does not exist")
    except IsADirectoryError:
        return "", _("is a directory, not a file")
    except OSError as exc:
        return "", t("cannot be read ({error})", error=exc.strerror or type(exc).__name__)
    except ValueError:  # a NUL byte in the path
        return "", _("is not a usable path")
    if len(raw) > MAX_FILE_BYTES:
        return "", t("is larger than {size} KiB", size=MAX_FILE_BYTES // 1024)
    if b"\x00" in raw:
        return "", _("is not a text file (it contains NUL bytes)")
    return utf8_text(raw, errors="replace"), None


def printable(text: str) -> str:
    """Control characters written as escapes (`\\n`), so a message stays on one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def kind(value: object) -> str:
    """The JSON/YAML name of `value`'s type, for messages (in the current language)."""
    return _({
        dict: N_("object"), list: N_("list"), str: N_("string"), bool: N_("boolean"),
        int: N_("number"), float: N_("number"), type(None): N_("null"),
    }.get(type(value), type(value).__name__))


_MISSING = {
    "context": (N_("the build context `{path}` does not exist"),
                N_("the build context `{path}` does not exist yet, so the files the build copies "
                   "from it could not be checked; `initializeCommand` runs on the host before "
                   "the build and may create it")),
    "service-context": (N_("service `{service}`: the build context `{path}` does not exist"),
                        N_("service `{service}`: the build context `{path}` does not exist yet, "
                           "so the files the build copies from it could not be checked; "
                           "`initializeCommand` runs on the host before the build and may "
                           "create it")),
    "dockerfile": (N_("the Dockerfile `{path}` does not exist"),
                   N_("the Dockerfile `{path}` does not exist yet, so the images it is built "
                      "from could not be checked; `initializeCommand` runs on the host before "
                      "the build and may create it")),
    "compose-file": (N_("the compose file `{path}` does not exist"),
                     N_("the compose file `{path}` does not exist yet, so the services it "
                        "defines and their images could not be checked; `initializeCommand` "
                        "runs on the host before the build and may create it")),
    "env-file": (N_("the include's `env_file` `{path}` does not exist"),
                 N_("the include's `env_file` `{path}` does not exist yet, so the services it "
                    "defines and their images could not be checked; `initializeCommand` runs "
                    "on the host before the build and may create it")),
}
"""What a missing file means, by what it is: (an error, a warning when `initializeCommand` may
create it first)."""


def missing_sentence(thing: str, path: str, prepared: bool, service: str = "") -> str:
    """The sentence for a missing file (`thing`: a key of `_MISSING`)."""
    error, unchecked = _MISSING[thing]
    return t(unchecked if prepared else error, path=path, service=service)


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
