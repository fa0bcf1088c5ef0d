"""`fix` against the loopback stand-in of GitHub's API, which decrypts what it is sent.

The stand-in checks every request body against GitHub's official request schema and every
answer against the response schema; it holds each level's private key, so these tests see
the exact bytes GitHub would store.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.helpers import make_options
from tests.lab.github_api import Secret
from tests.lab.github_scenarios import REPO, acr, reached_acr, world
from tests.lab.github_scenarios import TOKEN as GH_TOKEN
from tui.checks.diagnosis import Diagnosis
from tui.repairs.command import Asking, exit_status, render_json, run_fix
from tui.repairs.plan import plan

STEPS = ("context", "secrets", "naming", "github")
DEVCONTAINER = '{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}'


def diagnosis_for(tmp_path: Path, api, the_world, env: dict[str, str]) -> Diagnosis:
    """Context, secrets, names and the GitHub step of a world, as `fix` would run them."""
    api.reset(the_world)
    base = {
        "GITHUB_API_URL": api.url, "GH_TOKEN": GH_TOKEN, "GITHUB_REPOSITORY": api.world.repo,
        "CODESPACE_NAME": api.world.codespace, "CODESPACES": "true",
        "PATH": str(tmp_path / "no-gh"), "XDG_STATE_HOME": str(tmp_path / "state"), **env,
    }
    options = make_options(tmp_path, base, {".devcontainer/devcontainer.json": DEVCONTAINER},
                           offline=False, timeout=5.0)
    return Diagnosis(options)


def fix(diagnosis: Diagnosis, *, yes=True, dry_run=False, answers=(), typed=()):
    out = io.StringIO()
    replies, values = iter(answers), iter(typed)
    asking = Asking(bool(answers or typed), lambda _p: next(replies),
                    lambda _p: next(values))
    done = run_fix(diagnosis, out, asking, dry_run=dry_run, yes=yes, steps=STEPS)
    return done, out.getvalue()


def writes(api) -> list[str]:
    return [f"{m} {p}" for m, p in api.calls if m != "GET" or p.endswith("public-key")]


def journal(tmp_path: Path) -> list[dict]:
    path = tmp_path / "state" / "registry-doctor" / "repairs.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_an_ungranted_user_secret_is_granted_to_this_repository_only(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api,
                              world(user_secrets=acr(repos=("acme/other",))), {})
    done, text = fix(diagnosis)
    assert [(d.repair.code, d.status) for d in done] == [("SECRET_NOT_GRANTED", "applied")]
    repo_id = github_api.world.repo_id
    assert writes(github_api) == [
        f"PUT /user/codespaces/secrets/ACR_CONTAINER_REGISTRY_{f}/repositories/{repo_id}"
        for f in ("SERVER", "USER", "PASSWORD")]
    for secret in github_api.world.user_secrets:
        assert secret.repos == ("acme/other", REPO)  # added, nothing dropped
    assert "GitHub step again" in text and "gh codespace stop -c" in text
    assert "SECRET_NOT_GRANTED" not in text.split("GitHub step again")[1]
    lines = journal(tmp_path)
    assert [line["result"] for line in lines] == ["applied"]
    assert lines[0]["undo"][0].startswith("DELETE /user/codespaces/secrets/")
    assert exit_status(done) == 0


def test_dry_run_changes_nothing_and_lists_the_requests(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api,
                              world(user_secrets=acr(repos=("acme/other",))), {})
    done, text = fix(diagnosis, dry_run=True)
    assert [d.status for d in done] == ["dry-run"]
    assert writes(github_api) == []
    assert "PUT /user/codespaces/secrets/ACR_CONTAINER_REGISTRY_USER/repositories/" in text
    assert journal(tmp_path) == []
    data = json.loads(render_json(done))
    assert data["schema"] == 3 and data["repairs"][0]["status"] == "dry-run"
    assert set(data["repairs"][0]) >= {"code", "action", "target", "status", "requests",
                                       "undo"}


def test_a_misspelled_name_is_stored_right_then_the_old_one_deleted(tmp_path, github_api):
    secrets = [Secret("ACR_CONTAINER_REGISTRY_SERVER", repos=(REPO,)),
               Secret("ACR_CONTAINER_REGISTRY_USERNAME", repos=(REPO, "acme/tools")),
               Secret("ACR_CONTAINER_REGISTRY_PASSWORD", repos=(REPO,))]
    env = {k: v for k, v in reached_acr().items() if not k.endswith("_USER")}
    env["ACR_CONTAINER_REGISTRY_USERNAME"] = "acr-user"
    diagnosis = diagnosis_for(tmp_path, github_api, world(user_secrets=secrets), env)
    done, _text = fix(diagnosis)
    assert [(d.repair.action, d.status) for d in done] == [
        ("rename-secret", "applied"), ("delete-secret", "applied")]
    names = {s.name: s for s in github_api.world.user_secrets}
    assert "ACR_CONTAINER_REGISTRY_USERNAME" not in names
    stored = names["ACR_CONTAINER_REGISTRY_USER"]
    assert stored.value == b"acr-user"
    assert sorted(stored.repos) == sorted((REPO, "acme/tools"))  # the same repositories


def test_whitespace_and_a_scheme_are_gone_from_what_github_stores(tmp_path, github_api):
    env = {**reached_acr(), "ACR_CONTAINER_REGISTRY_PASSWORD": "pw-not-a-token-1\n",
           "ACR_CONTAINER_REGISTRY_SERVER": "https://myco.azurecr.io/"}
    diagnosis = diagnosis_for(tmp_path, github_api, world(repo_secrets=acr()), env)
    done, text = fix(diagnosis)
    assert {d.repair.target: d.status for d in done} == {
        ("ACR_CONTAINER_REGISTRY_PASSWORD",): "applied",
        ("ACR_CONTAINER_REGISTRY_SERVER",): "applied"}
    stored = {s.name: s.value for s in github_api.world.repo_secrets}
    assert stored["ACR_CONTAINER_REGISTRY_PASSWORD"] == b"pw-not-a-token-1"
    assert stored["ACR_CONTAINER_REGISTRY_SERVER"] == b"myco.azurecr.io"
    assert "pw-not-a-token-1" not in text
    assert "pw-not-a-token-1" not in json.dumps(journal(tmp_path))


def test_without_a_terminal_and_without_yes_nothing_is_written(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api,
                              world(user_secrets=acr(repos=("acme/other",))), {})
    done, _ = fix(diagnosis, yes=False)
    assert [d.status for d in done] == ["skipped"] and exit_status(done) == 1
    assert writes(github_api) == []


def test_a_declined_repair_is_not_made(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api,
                              world(user_secrets=acr(repos=("acme/other",))), {})
    done, _ = fix(diagnosis, yes=False, answers=("n",))
    assert [d.status for d in done] == ["declined"] and exit_status(done) == 0
    assert writes(github_api) == []


def test_a_missing_scope_is_a_clear_message_with_the_command(tmp_path, github_api):
    from tests.lab.github_api import Token

    the_world = world(user_secrets=acr(repos=("acme/other",)))
    diagnosis = diagnosis_for(tmp_path, github_api, the_world, {})
    diagnosis.prime()
    diagnosis.run_all(STEPS)
    assert plan(diagnosis)
    github_api.world.tokens[GH_TOKEN] = Token(("repo", "read:packages"))
    from tui.repairs.apply import apply_repair
    from tui.repairs.command import open_client

    repair = plan(diagnosis)[0]
    client = open_client(diagnosis, [repair])
    outcome = apply_repair(repair, diagnosis, client)
    assert outcome.status == "not-allowed"
    assert "gh auth refresh -s codespace" in outcome.message


def test_an_organization_secret_is_granted_with_an_owners_token(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api,
                              world(org_secrets=acr(repos=("acme/other",))), {})
    done, _ = fix(diagnosis)
    assert [(d.repair.action, d.status) for d in done] == [("grant-secret", "applied")]
    assert all(w.startswith("PUT /orgs/acme/codespaces/secrets/") for w in writes(github_api))
    assert all(s.repos == ("acme/other", REPO) for s in github_api.world.org_secrets)
    assert "admin:org" in done[0].repair.needs


def test_a_private_org_secret_and_a_public_repository_is_handed_over(tmp_path, github_api):
    diagnosis = diagnosis_for(tmp_path, github_api, world(
        visibility="public", org_secrets=acr(visibility="private")), {})
    done, text = fix(diagnosis)
    assert done == [] and "No repair" in text  # only a visibility change would do
    assert writes(github_api) == []
