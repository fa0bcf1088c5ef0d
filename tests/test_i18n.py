"""The language: how it is chosen, the catalogs (format, freshness, completeness, placeholders,
the glossary), and the tool speaking Japanese end to end."""

from __future__ import annotations

import gettext
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui import i18n
from tui.i18n import DOMAIN, choose_language
from tui.i18n.catalogs import catalog_path
from tui.i18n.po import compile_mo, read_po

ROOT = Path(__file__).resolve().parent.parent
PO = catalog_path("ja", DOMAIN, ".po")
GLOSSARY = ROOT / "tui" / "locale" / "ja" / "glossary.tsv"
FIELD = re.compile(r"\{(\w*)[^{}]*\}")
CODE_SPAN = re.compile(r"`[^`]*`")
PRODUCT_NAMES = re.compile(r"registry-doctor|GitHub Codespaces|Codespaces|Docker Hub")
"""Names that stay as they are: not glossary terms."""


def _entries():
    return [e for e in read_po(PO.read_text("utf-8")) if e.msgid]


def _glossary() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in GLOSSARY.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        english, japanese, never, _source = [*line.split("\t"), "", "", ""][:4]
        rows.append((english, japanese, [n for n in never.split(",") if n]))
    return rows  # in the file's order: compounds first, so they claim their words


@pytest.fixture
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


# --- choosing the language ---------------------------------------------------------------------

@pytest.mark.parametrize(("requested", "environ", "expected"), [
    ("ja", {"LANG": "en_US.UTF-8"}, "ja"),
    ("en", {"LANG": "ja_JP.UTF-8"}, "en"),
    (None, {"LANG": "ja_JP.UTF-8"}, "ja"),
    (None, {"LC_ALL": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "ja"),
    (None, {"LC_MESSAGES": "ja_JP", "LANG": "de_DE.UTF-8"}, "ja"),
    (None, {"LANGUAGE": "fr:ja:en", "LANG": "fr_FR.UTF-8"}, "ja"),
    (None, {"LANGUAGE": "ja", "LANG": "C"}, "en"),  # gettext ignores LANGUAGE under C
    (None, {"LANG": "C.UTF-8"}, "en"),
    (None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_from_option_then_locale(requested, environ, expected):
    assert choose_language(requested, environ) == expected


# --- the catalog files -------------------------------------------------------------------------

def test_catalog_is_up_to_date_with_the_code():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_catalog_reads_as_babel_reads_it_and_compiles_for_gettext():
    from babel.messages.pofile import read_po as babel_read_po

    babel = babel_read_po(io.StringIO(PO.read_text("utf-8")))
    ours = {e.msgid: e.msgstr for e in _entries() if not e.msgid_plural}
    theirs = {m.id: m.string for m in babel if m.id and isinstance(m.id, str)}
    assert ours == theirs
    translations = gettext.GNUTranslations(io.BytesIO(compile_mo(read_po(PO.read_text("utf-8")))))
    for msgid, msgstr in ours.items():
        if msgstr:
            assert translations.gettext(msgid) == msgstr


def test_placeholders_and_code_spans_are_kept_in_every_translation():
    for entry in _entries():
        if not entry.msgstr:
            continue
        fields = sorted(FIELD.findall(entry.msgid)), sorted(FIELD.findall(entry.msgstr))
        spans = sorted(CODE_SPAN.findall(entry.msgid)), sorted(CODE_SPAN.findall(entry.msgstr))
        assert fields[0] == fields[1] and spans[0] == spans[1], entry.msgid


def test_every_message_has_a_japanese_translation_that_is_not_ascii_prose():
    missing = [e.msgid for e in _entries() if not (e.msgstr or any(e.msgstr_plural))]
    assert not missing, f"{len(missing)} untranslated, first: {missing[:3]}"
    for entry in _entries():
        text = entry.msgstr or entry.msgstr_plural[0]
        prose = len(re.findall(r"[a-z]{3,}", CODE_SPAN.sub("", text))) >= 3
        assert not (text.isascii() and prose), entry.msgid


def glossary_problems(msgid: str, msgstr: str) -> list[str]:
    """Where `msgstr` strays from the glossary: a term of `msgid` not in its Japanese, or a
    spelling the glossary rules out."""
    problems = []
    english = PRODUCT_NAMES.sub(" ", CODE_SPAN.sub(" ", msgid)).lower()
    for term, japanese, never in _glossary():
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])")
        if pattern.search(english):
            english = pattern.sub(" ", english)
            if japanese.lower() not in msgstr.lower():  # Latin terms keep their case
                problems.append(f"{term!r} is not {japanese!r} in: {msgstr[:60]}")
        for wrong in never:
            haystack = msgstr.replace(japanese, "") if wrong in japanese else msgstr
            if wrong in haystack:
                problems.append(f"{wrong!r} (say {japanese!r}) in: {msgstr[:60]}")
    return problems


def test_the_glossary_check_sees_a_stray_term():
    assert glossary_problems("The secret is empty", "シークレットが空です") == []
    assert glossary_problems("The secret is empty", "秘密が空です")
    assert glossary_problems("Pull the container image", "コンテナイメージをプルします")
    assert glossary_problems("Open the dev container", "dev container を開きます") == []
    assert glossary_problems("Codespaces pulls it", "Codespaces がプルします") == []


def test_glossary_terms_are_always_translated_one_way():
    problems = [p for e in _entries() if e.msgstr for p in glossary_problems(e.msgid, e.msgstr)]
    assert not problems, "\n".join(problems[:20])


# --- the tool in Japanese ------------------------------------------------------------------------

def test_a_finding_from_the_catalogue_speaks_the_current_language(japanese):
    from tui.catalogue import CATALOGUE, finding

    made = finding("SECRET_EMPTY", detail="x")
    assert made.code == "SECRET_EMPTY"
    assert made.title != CATALOGUE["SECRET_EMPTY"].title
    assert not made.title.isascii()


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)


def test_check_json_in_japanese_keeps_codes_and_keys(tmp_path):
    done = _run("check", "--json", "--offline", "--lang", "ja", "--codespaces-dir",
                str(tmp_path), "--workspace", str(tmp_path), "--image", "ghcr.io/acme/app:1")
    report = json.loads(done.stdout)
    assert report["schema"] == 3 and report["language"] == "ja"
    assert all(re.fullmatch(r"[A-Z_]+", f["code"]) for f in report["findings"])
    assert any(not f["title"].isascii() for f in report["findings"])


def test_explain_and_help_in_japanese():
    explained = _run("explain", "SECRET_EMPTY",
                     env={"PATH": "/usr/bin:/bin", "LANG": "ja_JP.UTF-8"})  # from the locale
    assert explained.returncode == 0
    assert "SECRET_EMPTY" in explained.stdout and not explained.stdout.isascii()
    helped = _run("check", "--help", "--lang", "ja")
    assert "--timeout" in helped.stdout and not helped.stdout.isascii()


def test_columns_count_wide_characters_twice():
    from tui.i18n.width import cells, pad

    assert cells("エラー") == 6 and cells("error") == 5 and cells("ｴﾗｰ") == 3
    assert cells(pad("警告", 8)) == 8 and pad("information", 4) == "information"


def test_options_carry_the_language_the_locale_chose(monkeypatch):
    from tui import cli

    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    seen = {}

    def run_check(args) -> int:
        seen["language"] = cli.options_from(args).language
        return 0

    monkeypatch.setattr(cli, "run_check", run_check)
    try:
        cli.main(["check", "--offline"])
    finally:
        i18n.set_language("en")
    assert seen["language"] == "ja"


@given(st.text(alphabet='ab\\"\n\t\r x{}`エ', max_size=24))
def test_po_strings_read_back_as_python_reads_them(value):
    import ast

    from tui.i18n.po import _unquote

    quoted = '"' + (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    .replace("\t", "\\t").replace("\r", "\\r")) + '"'
    assert _unquote(quoted) == value == ast.literal_eval(quoted)
