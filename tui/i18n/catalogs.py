"""Load a language's messages: the compiled `.mo` of an installed wheel, or the `.po` of the
source tree (an editable install, a checkout) read by `tui.i18n.po`."""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalog_path(lang: str, domain: str, suffix: str) -> Path:
    """`tui/locale/<lang>/LC_MESSAGES/<domain><suffix>`."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def load(lang: str, domain: str) -> dict[str, str | list[str]]:
    """msgid → msgstr (a list of forms for a plural message); empty when there is none."""
    mo = catalog_path(lang, domain, ".mo")
    po = catalog_path(lang, domain, ".po")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        return _from_mo(mo)
    if po.is_file():
        from tui.i18n.po import read_po

        return {e.msgid: (e.msgstr_plural or e.msgstr) for e in read_po(po.read_text("utf-8"))
                if not e.fuzzy and (e.msgstr or any(e.msgstr_plural))}
    return {}


def _from_mo(path: Path) -> dict[str, str | list[str]]:
    import gettext

    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    messages: dict[str, str | list[str]] = {}
    raw = translations._catalog  # type: ignore[attr-defined]  # the parsed .mo, msgid → msgstr
    for key, value in raw.items():
        if isinstance(key, tuple):
            msgid, index = key
            forms = messages.setdefault(msgid, [])
            assert isinstance(forms, list)
            forms.extend([""] * (index + 1 - len(forms)))
            forms[index] = value
        elif key:
            messages[key] = value
    return messages
