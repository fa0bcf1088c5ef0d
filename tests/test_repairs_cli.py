"""`registry-doctor fix` as a user runs it: a real process against the GitHub stand-in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.lab.github_scenarios import REPO, TOKEN, acr, world
from tests.test_cli import run_cli


def fix_env(tmp_path: Path, api) -> dict[str, str]:
    return {"GITHUB_API_URL": api.url, "GH_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPO,
            "CODESPACE_NAME": api.world.codespace, "CODESPACES": "true",
            "XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}


def fix_args(tmp_path: Path, *more: str) -> list[str]:
    (tmp_path / "ws").mkdir(exist_ok=True)
    return ["fix", "--no-daemon", "--workspace", str(tmp_path / "ws"),
            "--codespaces-dir", str(tmp_path / "cs"), *more]


def test_fix_yes_json_grants_and_prints_only_json(tmp_path, github_api):
    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    done = run_cli(*fix_args(tmp_path, "--yes", "--json"), env=fix_env(tmp_path, github_api))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == 3
    [row] = data["repairs"]
    assert (row["code"], row["action"], row["status"]) == (
        "SECRET_NOT_GRANTED", "grant-secret", "applied")
    assert all(REPO in s.repos for s in github_api.world.user_secrets)
    assert "gh codespace stop -c" in done.stderr
    assert TOKEN not in done.stdout + done.stderr
    journal = (tmp_path / "state" / "registry-doctor" / "repairs.jsonl").read_text()
    assert TOKEN not in journal and json.loads(journal.splitlines()[0])["result"] == "applied"


def test_fix_dry_run_changes_nothing(tmp_path, github_api):
    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    done = run_cli(*fix_args(tmp_path, "--dry-run"), env=fix_env(tmp_path, github_api))
    assert done.returncode == 0, done.stderr
    assert "dry run" in done.stdout and "PUT /user/codespaces/secrets/" in done.stdout
    assert [m for m, _p in github_api.calls if m != "GET"] == []


def test_fix_without_a_terminal_or_yes_skips_and_exits_1(tmp_path, github_api):
    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    done = run_cli(*fix_args(tmp_path, "--json"), env=fix_env(tmp_path, github_api))
    assert done.returncode == 1
    assert json.loads(done.stdout)["repairs"][0]["status"] == "skipped"
    assert [m for m, _p in github_api.calls if m != "GET"] == []


def test_fix_bad_usage_exits_2(tmp_path):
    done = run_cli("fix", "--yess")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_fix_without_a_token_says_how_to_give_one(tmp_path, github_api):
    github_api.reset(world(user_secrets=acr(repos=("acme/other",))))
    env = {k: v for k, v in fix_env(tmp_path, github_api).items() if k != "GH_TOKEN"}
    env["PATH"] = str(tmp_path / "no-gh")
    done = run_cli(*fix_args(tmp_path), env=env)
    assert done.returncode == 0, done.stderr
    assert "GH_TOKEN=$(gh auth token) registry-doctor fix" in done.stdout
