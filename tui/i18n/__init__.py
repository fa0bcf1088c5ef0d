"""The language of every text a person reads: English (the message ids themselves) or Japanese
(a gettext catalog, `tui/locale/ja/LC_MESSAGES/registry-doctor.po`).

`choose_language` picks it (`--lang`, else `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, else
English); `set_language` makes it current for the process; `_` and `ngettext` translate;
`t` translates a template and fills its named fields. Codes, commands, option names, paths
and values are fields or stay outside the message: they never change with the language.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "ja")
"""The languages registry-doctor speaks; the first is the source language."""
DOMAIN = "registry-doctor"

_current = "en"
_catalogs: dict[str, dict[str, str | list[str]]] = {}


def choose_language(requested: str | None, environ: Mapping[str, str]) -> str:
    """`requested` when given; else the locale as gettext reads it; else English.

    `LANGUAGE` is a priority list (`fr:ja` → Japanese); of `LC_ALL`, `LC_MESSAGES` and `LANG`
    the first that is set decides (`ja_JP.UTF-8` → Japanese, `C` or another language → English).
    """
    if requested:
        return requested if requested in LANGUAGES else LANGUAGES[0]
    locale = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    if _code(locale) not in ("c", "posix"):  # gettext ignores LANGUAGE under the C locale
        for item in environ.get("LANGUAGE", "").split(":"):
            if _code(item) in LANGUAGES:
                return _code(item)
    return _code(locale) if _code(locale) in LANGUAGES else LANGUAGES[0]


def _code(locale: str) -> str:
    """`ja_JP.UTF-8@x` → `ja`."""
    return locale.strip().split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()


def set_language(language: str) -> None:
    """Make `language` the language of every text from now on (one per process)."""
    global _current
    _current = language if language in LANGUAGES else LANGUAGES[0]


def language() -> str:
    """The current language code."""
    return _current


def _(message: str) -> str:
    """`message` in the current language (itself in English or where no translation exists)."""
    if _current == LANGUAGES[0] or not message:
        return message
    found = _catalog(_current).get(message)
    return found if isinstance(found, str) and found else message


def N_(message: str) -> str:
    """`message` itself: marks a text made before the language is known (a constant) as a
    message id; it is translated with `_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count` (Japanese has one form; English two)."""
    if _current != LANGUAGES[0]:
        found = _catalog(_current).get(singular)
        if isinstance(found, list) and found and found[0]:
            return found[0]
    return singular if count == 1 else plural


def t(message: str, /, **fields: object) -> str:
    """`message` translated, then its `{named}` fields filled (`str.format`)."""
    text = _(message)
    return text.format(**fields) if fields else text


def _catalog(lang: str) -> dict[str, str | list[str]]:
    """The catalog of `lang`: the compiled `.mo` when the package has one, else the `.po`."""
    if lang not in _catalogs:
        from tui.i18n.catalogs import load

        _catalogs[lang] = load(lang, DOMAIN)
    return _catalogs[lang]
