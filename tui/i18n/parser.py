"""argparse's own texts in the current language: the usage prefix, the section titles, the
help of `-h` and `--version`, and the errors argparse words itself (its English comes from
the standard library, which registry-doctor's catalog cannot reach)."""

from __future__ import annotations

import re
import sys

from tui.i18n import _, t
from tui.i18n.bare_argparse import argparse
from tui.lazy_pattern import LazyPattern


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the usage prefix translated and help wrapped by terminal
    cells (Japanese has no spaces to break at; its characters take two columns), at the
    terminal's width found without `shutil`: argparse makes a formatter for every
    `add_argument`, and its own imports `shutil` (and the compressors that loads) on every
    start, not only when help is printed."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = " ".join(text.split())
        if _fits(text, width, ""):
            return [text]
        from tui.i18n.wrap import wrap  # only for a text that needs wrapping

        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        text = " ".join(text.split())
        if _fits(text, width, indent):
            return indent + text  # `--version`'s line, a short description
        from tui.i18n.wrap import wrap  # only for a text that needs wrapping

        return "\n".join(wrap(text, width, indent))


def _fits(text: str, width: int, indent: str) -> bool:
    """ASCII (one cell a character) that fits on one line: what `tui.i18n.wrap.wrap` would
    leave as it is (`text` has single spaces and none at either end)."""
    return (text.isascii() and indent.isascii()
            and len(text) <= max(10, width - len(indent)))


def _terminal_columns() -> int:
    """The width `shutil.get_terminal_size()` would say: COLUMNS, the terminal's, else 80."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def localise(parser: argparse.ArgumentParser) -> None:
    """Translate the parts of `parser` argparse made (call after its arguments are added)."""
    parser._positionals.title = _("positional arguments")
    parser._optionals.title = _("options")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _("show this help message and exit")
        elif isinstance(action, argparse._VersionAction):
            action.help = _("show program's version number and exit")


_ARGUMENT = LazyPattern(r"^argument (?P<name>\S+?): (?P<message>.*)$", re.S)
_UNRECOGNIZED = LazyPattern(r"^unrecognized arguments: (?P<args>.*)$", re.S)
_REQUIRED = LazyPattern(r"^the following arguments are required: (?P<args>.*)$", re.S)
_CHOICE = LazyPattern(r"^invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$", re.S)
_INVALID = LazyPattern(r"^invalid (?P<type>\S+) value: (?P<value>.*)$", re.S)


def error_text(message: str) -> str:
    """An error argparse worded in English, in the current language (else unchanged)."""
    if found := _ARGUMENT.match(message):
        return t("argument {name}: {message}", name=found["name"],
                 message=error_text(found["message"]))
    if found := _UNRECOGNIZED.match(message):
        return t("unrecognized arguments: {arguments}", arguments=found["args"])
    if found := _REQUIRED.match(message):
        return t("the following arguments are required: {arguments}", arguments=found["args"])
    if found := _CHOICE.match(message):
        return t("invalid choice: {value} (choose from {choices})", value=found["value"],
                 choices=found["choices"])
    if found := _INVALID.match(message):
        return t("invalid {kind} value: {value}", kind=found["type"], value=found["value"])
    if message == "expected one argument":
        return _("expected one argument")
    return message
