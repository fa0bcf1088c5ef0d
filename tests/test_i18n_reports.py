"""The command line's and the reports' own texts in Japanese: `check`'s text output, the
Markdown report (with the messages to paste), `fix --dry-run` and `explain` — no English
prose of their own (texts from the checks are replaced by Japanese stand-ins here: their
translations are tested where they are made), and columns aligned with double-width
characters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import i18n
from tui.i18n.width import cells
from tui.record import replace

ROOT = Path(__file__).resolve().parent.parent
CODE_SPAN = re.compile(r"`[^`]*`")
ENGLISH_RUN = re.compile(r"(?<![\w./:-])[A-Za-z][a-z']+(?: [A-Za-z][a-z']+){2,}(?![\w./:-])")
"""Three or more English words in a row: prose that was not translated."""
MASKED = re.compile(r"•+[^\s|]*(?: \([^)]*\))?")
"""How a secret is shown (`•••• (36 chars, classic PAT)`): the secrets wing's text."""
REQUEST = re.compile(r"^\s+(GET|PUT|DELETE|POST|PATCH|iam:\w+) ")
"""A request line of `fix`: HTTP (or the IAM call), the same in every language."""
STAND_IN = "（検査側のテキスト）"


@pytest.fixture
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def english_prose(text: str) -> list[str]:
    """The runs of English words in `text`, outside code spans and masked values."""
    return ENGLISH_RUN.findall(MASKED.sub(" ", CODE_SPAN.sub(" ", text)))


def test_the_detector_sees_english_and_passes_japanese_codes_and_values():
    assert english_prose("Fixes, in order, by who makes them:")
    assert english_prose("修正: Fix the cause named by the others")
    assert not english_prose("概要: エラー 2 件、警告 0 件: まず SECRET_EMPTY を修正してください。")
    assert not english_prose("`gh secret set NAME --user --repos acme/app` を実行します")
    assert not english_prose("| `ghcr.io/acme/app:1` | ghcr.io | .devcontainer/devcontainer.json |")
    assert not english_prose("•••• (36 chars, classic PAT)")


def _demo_diagnosis(offline: bool):
    """The demo's diagnosis (its registries and GitHub stand-in unless offline), every text
    the checks made replaced by a Japanese stand-in, and the findings spread over every actor
    (each other actor gets a message to paste)."""
    from contextlib import ExitStack

    from tui.checks.diagnosis import Diagnosis
    from tui.cli import build_parsers, options_from
    from tui.demo import demo_session

    args = build_parsers()["check"].parse_args(["--demo", *(["--offline"] if offline else [])])
    stack = ExitStack()
    options = stack.enter_context(demo_session(options_from(args)))
    diagnosis = Diagnosis(options)
    diagnosis.prime()
    diagnosis.run_all()
    stack.close()
    from tui.model import ACTORS

    number = 0
    for result in diagnosis.results.values():
        result.note = STAND_IN if result.note else ""
        found = []
        for item in result.findings:
            found.append(replace(item, title=STAND_IN, detail=STAND_IN, fix=STAND_IN,
                                             actor=ACTORS[number % len(ACTORS)]))
            number += 1
        result.findings = found
        for ladder in result.ladders:
            ladder.note = STAND_IN if ladder.note else ""
            for rung in ladder.rungs:
                rung.note = STAND_IN if rung.note else ""
    facts = diagnosis.handoff.github_facts
    if facts is not None:
        facts.unasked = [replace(u, question=STAND_IN, reason=STAND_IN)
                         for u in facts.unasked]
    return diagnosis


@pytest.fixture(scope="module")
def demo():
    """The online demo, diagnosed in Japanese (GitHub facts, ladders, several actors)."""
    i18n.set_language("ja")
    try:
        made = _demo_diagnosis(offline=False)
    finally:
        i18n.set_language("en")
    return made


def test_check_text_output_has_no_english_prose_in_japanese(demo, japanese):
    from tui.report.text import render_text

    text = render_text(demo)
    assert "概要: " in text and "修正 (行う人ごと、行う順):" in text
    problems = [(line, english_prose(line)) for line in text.splitlines() if english_prose(line)]
    assert not problems, problems[:5]


def test_markdown_report_and_messages_to_paste_are_japanese(demo, japanese):
    from tui.report.markdown import render_markdown

    report = render_markdown(demo)
    assert report.startswith("# registry-doctor レポート")
    assert "## GitHub が保持している情報" in report and "貼り付けて送るメッセージ" in report
    assert "| 識別子 | 種類 | サーバー | ユーザー | パスワード | ソース |" in report
    problems = [(line, english_prose(line)) for line in report.splitlines()
                if english_prose(line)]
    assert not problems, problems[:5]


def test_the_summary_sentence_of_every_kind_is_japanese(japanese):
    offline = _demo_diagnosis(offline=True)
    from tui.report.summary import verdict

    sentence = verdict(offline).sentence
    assert not sentence.isascii() and not english_prose(sentence), sentence
    for result in offline.results.values():
        result.findings = []
    for recovery in (True, False):
        offline.context.recovery = recovery
        sentence = verdict(offline).sentence
        assert not english_prose(sentence), sentence


def test_text_lines_wrap_by_cells_never_cut():
    from tui.i18n.wrap import wrap

    text = ("修正: 別の検出結果で原因が示されている場合 (この検出結果より前に一覧表示されま"
            "す) は、まずそれを修正してください。`gh secret set NAME --user --repos acme/app` "
            "を実行します。")
    lines = wrap(text, 40, "    ")
    assert len(lines) > 2 and all(cells(line) <= 40 for line in lines)
    assert "".join(line.strip().replace(" ", "") for line in lines) == text.replace(" ", "")
    assert not any(line.strip()[0] in "、。)」" for line in lines)
    english = "fix: rename `A_B` to `C_D`, then run `registry-doctor check` again."
    assert wrap(english, 30) == ["fix: rename `A_B` to `C_D`,", "then run `registry-doctor",
                                 "check` again."]


def test_explain_every_code_in_japanese_and_the_list_stays_aligned(japanese):
    from tui.catalogue import CATALOGUE, info
    from tui.report.explain import explain_text, list_text

    for code in CATALOGUE:
        text = explain_text(code)
        assert text is not None and not english_prose(text), (code, english_prose(text or ""))
    rows = [line for line in list_text().splitlines() if line.startswith("  ")]
    assert len(rows) == len(CATALOGUE)
    columns = set()
    for row in rows:
        title = info(row.split()[0]).title
        assert row.endswith(title) and not english_prose(row), row
        columns.add(cells(row[: len(row) - len(title)]))
    assert len(columns) == 1  # every title starts in the same terminal column


def test_english_output_is_what_the_detector_would_catch(demo):
    """The guard is live: the same report in English is full of English prose."""
    from tui.report.text import render_text

    assert i18n.language() == "en"
    assert english_prose(render_text(demo))


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "COLUMNS": "80",
                                                      "PYTHONPATH": str(ROOT)})


def test_fix_dry_run_in_japanese_keeps_the_requests_and_speaks_japanese():
    done = _run("fix", "--dry-run", "--demo", "--lang", "ja")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("修復 ") and "ドライ ラン" in lines[0]
    requests = [line for line in lines if REQUEST.match(line)]
    assert any(line.strip().startswith("PUT /user/codespaces/secrets/") for line in requests)
    prose = [line for line in lines if not REQUEST.match(line)]
    assert any(line.strip().startswith("必要なもの: ") for line in prose)
    problems = [(line, english_prose(line)) for line in prose if english_prose(line)]
    assert not problems, problems[:5]


def test_command_line_errors_in_japanese(tmp_path):
    unknown = _run("explain", "SECRET_EMTPY", "--lang", "ja")
    assert unknown.returncode == 2 and "SECRET_EMPTY のことですか?" in unknown.stderr
    missing = _run("check", "--lang", "ja", "--workspace", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert missing.stderr.startswith(
        "registry-doctor: エラー: --workspace: ディレクトリではありません")


def test_help_and_argparse_errors_in_japanese_wrap_within_the_terminal():
    for command in ("check", "fix", "explain"):
        helped = _run(command, "--help", "--lang", "ja")
        lines = helped.stdout.splitlines()
        assert lines[0].startswith("使用法: registry-doctor") and "オプション:" in lines
        assert all(cells(line) <= 80 for line in lines), max(lines, key=cells)
        assert not [line for line in lines if english_prose(line)]
    bogus = _run("check", "--bogus", "--lang", "ja")
    assert bogus.returncode == 2 and "認識できない引数です: --bogus" in bogus.stderr
    english = _run("check", "--bogus")
    assert english.stderr == "registry-doctor: error: unrecognized arguments: --bogus\n"


def test_actor_titles_are_the_message_ids_actor_title_translates(japanese):
    """`ACTOR_TITLES` (the message ids) and `actor_title` name actors alike."""
    from tui.model import ACTORS
    from tui.report.actors import ACTOR_TITLES, actor_title

    for actor in ACTORS:
        assert actor_title(actor) == i18n._(ACTOR_TITLES[actor]) != ACTOR_TITLES[actor]
    i18n.set_language("en")
    assert [actor_title(a) for a in ACTORS] == [ACTOR_TITLES[a] for a in ACTORS]


REFERENCE_TOKEN = re.compile(
    r"\s+|[\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]"
    r"|[^\s\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]+")
"""What the wrapper splits a paragraph into, as one regular expression (its definition)."""


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c\t.,)(「」。、エラー한글ｴﾗ ✓é\u0301")),
               max_size=60))
def test_the_wrapper_splits_as_its_defining_pattern_and_counts_cells_by_character(text: str):
    from tui.i18n.width import cells
    from tui.i18n.wrap import _split

    def spaced(tokens: list[str]) -> list[str]:  # what wrapping reads: tokens, a space between
        marked = ["" if token.isspace() else token for token in tokens]
        while marked and not marked[0]:
            marked.pop(0)
        while marked and not marked[-1]:
            marked.pop()
        return marked

    assert spaced(_split(text)) == spaced(REFERENCE_TOKEN.findall(text))
    assert cells(text) == sum(cells(ch) for ch in text)
