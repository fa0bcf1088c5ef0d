"""The GitHub step's first part: token, repository and API URL, skips with the reason.

The API itself is a refused loopback port here (`REFUSED`): these tests are about finding
the token; asking GitHub is tests/test_github_api.py, against the stand-in.

`gh` is a real executable script on a PATH of the test's own, so the subprocess, its
environment and its time bound are the real ones.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import jsonschema

from tests.helpers import make_options
from tui.checks.diagnosis import OFFLINE_NOTE, Diagnosis
from tui.checks.github import api_url
from tui.cli import main

CANARY = "ghp_canaryGithubToken0123456789abcdefAB"
ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "report.schema.json").read_text())


def fake_gh(tmp_path: Path, body: str) -> str:
    """A directory holding an executable `gh` running `body` (Python); returns it as PATH."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / "gh"
    script.write_text(f"#!{sys.executable}\nimport os, sys, time\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(folder)


REFUSED = "http://127.0.0.1:9"
"""Nothing listens on the discard port: the API is refused at once, nothing leaves the host."""


def run_github(tmp_path, env, **overrides):
    env = {"GITHUB_API_URL": REFUSED, **env}
    diagnosis = Diagnosis(make_options(tmp_path, env, offline=False, **overrides))
    diagnosis.prime()
    return diagnosis, diagnosis.run_step("github")


def test_gh_token_wins_and_is_never_shown(tmp_path):
    env = {"GH_TOKEN": CANARY, "GITHUB_TOKEN": "ghs_other", "GITHUB_REPOSITORY": "acme/app"}
    diagnosis, result = run_github(tmp_path, env)
    access = diagnosis.handoff.github
    assert access is not None and access.token is not None
    assert access.token.reveal() == CANARY and access.token_source == "GH_TOKEN"
    assert access.repository == "acme/app" and access.repository_source == "GITHUB_REPOSITORY"
    assert access.api_url == REFUSED
    assert api_url(make_options(tmp_path, {})) == "https://api.github.com"
    assert [f.code for f in result.findings] == ["GITHUB_API_UNREACHABLE"]
    assert CANARY not in diagnosis.redactor(f"token={CANARY}")
    assert CANARY not in repr(access)


def test_github_token_is_the_second_choice_and_api_url_is_taken_as_given(tmp_path):
    env = {"GITHUB_TOKEN": CANARY, "GH_TOKEN": " ", "GITHUB_API_URL": "http://127.0.0.1:9/api/"}
    diagnosis, _ = run_github(tmp_path, env)
    access = diagnosis.handoff.github
    assert access is not None and access.token_source == "GITHUB_TOKEN"
    assert access.api_url == "http://127.0.0.1:9/api"


def test_no_token_anywhere_skips_with_token_unavailable(tmp_path):
    _, result = run_github(tmp_path, {"PATH": str(tmp_path / "empty")})
    assert result.status == "skip" and "no GitHub token" in result.note
    assert [f.code for f in result.findings] == ["GITHUB_TOKEN_UNAVAILABLE"]
    item = result.findings[0]
    assert item.severity.value == "info" and item.step == "github"
    assert "gh is not installed" in item.detail
    assert "GH_TOKEN=$(gh auth token)" in item.fix


def test_gh_auth_token_is_asked_with_nothing_secret_on_its_command_line(tmp_path):
    path = fake_gh(tmp_path, (
        "assert sys.argv[1:] == ['auth', 'token'], sys.argv\n"
        "assert 'GH_TOKEN' not in os.environ and 'GITHUB_TOKEN' not in os.environ\n"
        f"print({CANARY!r})"
    ))
    diagnosis, result = run_github(tmp_path, {"PATH": path, "GITHUB_TOKEN": ""})
    access = diagnosis.handoff.github
    assert access is not None and access.token_source == "gh auth token"
    assert access.token is not None and access.token.reveal() == CANARY
    assert result.status == "skip" and "no repository" in result.note
    assert CANARY not in repr(result)


def test_gh_not_logged_in_says_so(tmp_path):
    path = fake_gh(tmp_path, "print('no oauth token found', file=sys.stderr); sys.exit(1)")
    _, result = run_github(tmp_path, {"PATH": path})
    assert "gh is not logged in" in result.findings[0].detail


def test_a_hanging_gh_is_cut_off_at_the_timeout(tmp_path):
    path = fake_gh(tmp_path, "time.sleep(30)")
    started = time.monotonic()
    _, result = run_github(tmp_path, {"PATH": path}, timeout=0.5)
    assert time.monotonic() - started < 5
    assert "did not answer within 0.5 s" in result.findings[0].detail


def test_no_github_and_offline_skip_with_the_reason(tmp_path):
    diagnosis, result = run_github(tmp_path, {"GH_TOKEN": CANARY}, no_github=True)
    assert result.status == "skip" and "--no-github" in result.note and not result.findings
    assert diagnosis.handoff.github is None
    offline = Diagnosis(make_options(tmp_path, {"GH_TOKEN": CANARY}, offline=True))
    assert offline.run_step("github").note == OFFLINE_NOTE


def test_repo_option_names_the_repository_everywhere(tmp_path):
    env = {"GITHUB_REPOSITORY": "other/place"}
    diagnosis = Diagnosis(make_options(tmp_path, env, offline=False, repo="acme/app"))
    diagnosis.prime()
    diagnosis.run_step("context")
    diagnosis.run_step("github")
    assert diagnosis.context.repository == "acme/app"
    access = diagnosis.handoff.github
    assert access is not None and access.repository_source == "--repo"


def test_cli_rejects_a_bad_repo_and_reports_the_github_step(tmp_path, capsys, monkeypatch):
    assert main(["check", "--repo", "not a repo"]) == 2
    assert "--repo" in capsys.readouterr().err
    monkeypatch.setenv("GH_TOKEN", CANARY)
    monkeypatch.setenv("GITHUB_API_URL", REFUSED)
    monkeypatch.setenv("PATH", os.environ.get("PATH", ""))
    workspace = tmp_path / "ws"
    workspace.mkdir()
    code = main(["check", "--json", "--workspace", str(workspace), "--codespaces-dir",
                 str(tmp_path / "cs"), "--repo", "acme/app", "--no-daemon", "--timeout", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1) and CANARY not in out
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    step = next(s for s in report["steps"] if s["id"] == "github")
    assert step["status"] == "warn"
    assert [f["code"] for f in report["findings"] if f["step"] == "github"] == [
        "GITHUB_API_UNREACHABLE"]
    assert report["context"]["repository"] == "acme/app"
