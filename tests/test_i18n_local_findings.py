"""No English fallback in Japanese: the findings the offline steps make (context, secrets,
naming) and the wings behind them (workspace, logs, secretsets, causes) speak Japanese.

Every test workspace, every creation-log corpus record (as a codespace in recovery) and every
bad-input case runs in `ja`; no finding title, detail or fix (nor the clauses the registry wing
adds to them) may hold a run of English prose. Codes, commands, paths, values and quoted words
(`…`, “…”), URLs, UI labels ([Settings]) and product names stay as they are, so they are taken
out before looking.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.bad_input_corpus import option_cases
from tests.helpers import diagnose, make_options
from tests.test_creation_log_corpus import DEV, HOLDOUT, _recovery_options
from tui import i18n
from tui.model import Finding
from tui.workspace.devcontainer import scan_workspace

WORKSPACES = Path(__file__).parent / "workspaces"
OFFLINE_STEPS = ("context", "secrets", "naming")

VERBATIM = re.compile(
    r"https?://\S+|`[^`]*`|“.*”|「[^」]*」|\"[^\"]*\"|'[^']*'|\[[^\]]*\]"
    r"|dev containers? CLI|VPC Service Controls|GitHub Codespaces|Docker Hub|Codespaces"
    r"|\((?:environment|env-file|codespaces-env-secrets)\)"
)
"""What stays as written in every language: code spans, quotes, URLs, UI labels, names."""
ENGLISH_RUN = re.compile(r"[\x20-\x7e]+")

def english_prose(text: str) -> str | None:
    """The first run of three or more English words outside what stays verbatim, or None."""
    bare = VERBATIM.sub(" ", text)
    for run in ENGLISH_RUN.findall(bare):
        if len(re.findall(r"\b[a-zA-Z]{3,}\b", run)) >= 3:
            return run.strip()
    return None


def prose_in(findings: list[Finding]) -> list[str]:
    """Each English run in the findings' texts, with the code and part it is in."""
    found = []
    for item in findings:
        for part in ("title", "detail", "fix"):
            run = english_prose(getattr(item, part))
            if run:
                found.append(f"{item.code} {part}: {run} ← {getattr(item, part)[:160]}")
    return found


@pytest.fixture
def japanese():
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_the_check_sees_english_prose_and_lets_codes_pass():
    assert english_prose("The registry refused the credentials") is not None
    assert english_prose("`gh secret set NAME --user` を実行します") is None
    assert english_prose("作成ログ: “no basic auth credentials” です") is None
    assert english_prose("レジストリ (see the Login step)") is not None


@pytest.mark.parametrize("name", sorted(p.name for p in WORKSPACES.iterdir() if p.is_dir()))
def test_every_test_workspace_in_japanese(japanese, name):
    folder = WORKSPACES / name
    expected = folder / "expected.json"
    environ = json.loads(expected.read_text("utf-8")).get("environ", {}) if expected.is_file() \
        else {}
    result = scan_workspace(folder, environ)
    assert prose_in(result.findings) == []
    assert all(not source.summary().isascii() for source in result.sources)


@pytest.mark.parametrize("record", DEV + HOLDOUT, ids=[r["id"] for r in DEV + HOLDOUT])
def test_every_creation_log_record_in_japanese(japanese, tmp_path, record):
    diagnosis = diagnose(_recovery_options(tmp_path, record), OFFLINE_STEPS)
    assert diagnosis.findings
    assert prose_in(diagnosis.findings) == []


CASES = option_cases()


@pytest.mark.parametrize(("case", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_every_bad_input_case_in_japanese(japanese, tmp_path, case, kwargs):
    diagnosis = diagnose(make_options(tmp_path, **kwargs), OFFLINE_STEPS)
    assert not [f for f in diagnosis.findings if f.code == "INTERNAL_ERROR"]
    assert prose_in(diagnosis.findings) == []


def test_a_lowered_finding_and_the_offline_note_speak_japanese(japanese, tmp_path):
    from tui.causes.rules import LOWERED_NOTE
    from tui.checks.diagnosis import OFFLINE_NOTE

    assert not i18n.t(LOWERED_NOTE, lead="X").isascii()
    diagnosis = diagnose(make_options(tmp_path), ("github",))
    assert diagnosis.results["github"].note == i18n._(OFFLINE_NOTE) != OFFLINE_NOTE


def test_an_internal_error_speaks_japanese(japanese, tmp_path):
    from tui.checks.diagnosis import Diagnosis

    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        made = Diagnosis(make_options(tmp_path))._internal_error("secrets", exc)
    assert "RuntimeError: boom" in made.detail and english_prose(made.detail) is None
