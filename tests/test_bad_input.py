"""Bad input gets a clear finding or a clean pass, never a traceback (a corpus of 300+)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bad_input_corpus import CLI_CASES, option_cases
from tests.helpers import diagnose, make_options
from tui.report.json_report import render_json
from tui.report.markdown import render_markdown
from tui.report.text import render_text

ROOT = Path(__file__).resolve().parent.parent
CASES = option_cases()


def test_the_corpus_has_at_least_200_cases():
    assert len(CASES) + len(CLI_CASES) >= 200


@pytest.mark.parametrize(("case", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_offline_steps_survive(tmp_path, case, kwargs):
    diagnosis = diagnose(make_options(tmp_path, **kwargs), ("context", "secrets", "naming"))
    crashed = [f for f in diagnosis.findings if f.code == "INTERNAL_ERROR"]
    assert not crashed, crashed[0].detail
    for render in (render_text, render_json, render_markdown):
        assert render(diagnosis)


@pytest.mark.parametrize(("case", "env"), CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_odd_terminals_get_output_not_a_traceback(tmp_path, case, env):
    (tmp_path / "ws").mkdir()
    base = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
            "A_CONTAINER_REGISTRY_SERVER": "myco.azurecr.io", "A_CONTAINER_REGISTRY_USER": "u",
            "A_CONTAINER_REGISTRY_PASSWORD": " trailing-space-pw "}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--offline", "--workspace", str(tmp_path / "ws"),
         "--codespaces-dir", str(tmp_path / "cs")],
        env={**base, **env}, capture_output=True, cwd=ROOT, timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert b"Summary:" in done.stdout
    if env.get("PYTHONIOENCODING") == "ascii":
        assert b"<sp>" in done.stdout and b"[ok]" in done.stdout  # readable stand-ins, not ?
