"""argparse's own texts in the current language: the usage prefix, the section titles, the
help of `-h` and `--version`, and the errors argparse words itself (its English comes from
the standard library, which registry-doctor's catalog cannot reach)."""

from __future__ import annotations

import argparse
import re

from tui.i18n import _, t


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the usage prefix translated and help wrapped by terminal
    cells (Japanese has no spaces to break at; its characters take two columns)."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        from tui.i18n.wrap import wrap

        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from tui.i18n.wrap import wrap

        return "\n".join(wrap(" ".join(text.split()), width, indent))


def localise(parser: argparse.ArgumentParser) -> None:
    """Translate the parts of `parser` argparse made (call after its arguments are added)."""
    parser._positionals.title = _("positional arguments")
    parser._optionals.title = _("options")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _("show this help message and exit")
        elif isinstance(action, argparse._VersionAction):
            action.help = _("show program's version number and exit")


_ARGUMENT = re.compile(r"^argument (?P<name>\S+?): (?P<message>.*)$", re.S)
_UNRECOGNIZED = re.compile(r"^unrecognized arguments: (?P<args>.*)$", re.S)
_REQUIRED = re.compile(r"^the following arguments are required: (?P<args>.*)$", re.S)
_CHOICE = re.compile(r"^invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$", re.S)
_INVALID = re.compile(r"^invalid (?P<type>\S+) value: (?P<value>.*)$", re.S)


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
