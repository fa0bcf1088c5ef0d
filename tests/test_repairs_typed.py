"""Repairs that need typed values: tested with the Login and Pull probes against the lab's
real registry before anything is stored, stored as user secrets for this repository only;
and the leak search over every output, the journal and every process's command line.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers import command_lines, make_options
from tests.lab.github_api import Secret
from tests.lab.github_scenarios import REPO, world
from tests.lab.github_scenarios import TOKEN as GH_TOKEN
from tui.checks.diagnosis import Diagnosis
from tui.repairs.command import Asking, render_json, run_fix
from tui.report.json_report import build_report

STEPS = ("context", "secrets", "naming", "github")


def diagnosis_for(tmp_path: Path, api, image: str, env: dict[str, str] | None = None,
                  the_world=None) -> Diagnosis:
    api.reset(the_world or world())
    base = {
        "GITHUB_API_URL": api.url, "GH_TOKEN": GH_TOKEN, "GITHUB_REPOSITORY": api.world.repo,
        "CODESPACE_NAME": api.world.codespace, "CODESPACES": "true",
        "PATH": str(tmp_path / "no-gh"), "XDG_STATE_HOME": str(tmp_path / "state"),
        **(env or {}),
    }
    files = {".devcontainer/devcontainer.json": json.dumps({"image": image})}
    return Diagnosis(make_options(tmp_path, base, files, offline=False, timeout=2.0))


def fix(diagnosis: Diagnosis, typed: tuple[str, ...], answers=("y",)):
    out = io.StringIO()
    replies, values = iter(answers), iter(typed)
    asking = Asking(True, lambda _p: next(replies), lambda _p: next(values))
    done = run_fix(diagnosis, out, asking, dry_run=False, yes=False, steps=STEPS)
    return done, out.getvalue()


@pytest.mark.lab
def test_typed_values_that_work_are_stored_for_this_repository_only(
        tmp_path, github_api, lab_registries):
    reg = lab_registries.basic_http
    image = f"{reg.host}/team/app:1.0"
    diagnosis = diagnosis_for(tmp_path, github_api, image)
    password = reg.users["alice"]
    done, text = fix(diagnosis, ("alice", password))
    assert [(d.repair.action, d.status) for d in done] == [("set-typed-secrets", "applied")]
    stored = {s.name: s for s in github_api.world.user_secrets}
    assert stored["REGISTRY_CONTAINER_REGISTRY_SERVER"].value == reg.host.encode()
    assert stored["REGISTRY_CONTAINER_REGISTRY_USER"].value == b"alice"
    assert stored["REGISTRY_CONTAINER_REGISTRY_PASSWORD"].value == password.encode()
    assert {s.repos for s in stored.values()} == {(REPO,)}
    journal = (tmp_path / "state" / "registry-doctor" / "repairs.jsonl").read_text()
    everything = "\n".join([text, journal, render_json(done),
                            json.dumps(build_report(diagnosis)), command_lines()])
    assert password not in everything


@pytest.mark.lab
def test_typed_values_that_fail_the_probe_are_not_stored(tmp_path, github_api,
                                                         lab_registries):
    reg = lab_registries.basic_http
    diagnosis = diagnosis_for(tmp_path, github_api, f"{reg.host}/team/app:1.0")
    canary = "CanaryPw-typed-wrong-5d1e"
    done, text = fix(diagnosis, ("alice", canary))
    assert [d.status for d in done] == ["failed"]
    assert "Login probe" in done[0].message
    assert github_api.world.user_secrets == []
    assert [m for m, _p in github_api.calls if m != "GET"] == []
    journal = (tmp_path / "state" / "registry-doctor" / "repairs.jsonl").read_text()
    assert canary not in text + journal + render_json(done) + command_lines()


def test_the_report_says_what_fix_would_do_and_null_for_a_hand_over(tmp_path, github_api):
    the_world = world(user_secrets=[Secret(f"ACR_CONTAINER_REGISTRY_{f}", repos=("acme/o",))
                                    for f in ("SERVER", "USER", "PASSWORD")])
    diagnosis = diagnosis_for(tmp_path, github_api, "myco.azurecr.io/app:1", the_world=the_world)
    diagnosis.prime()
    diagnosis.run_all(STEPS)
    findings = {f["code"]: f for f in build_report(diagnosis)["findings"]}
    repair = findings["SECRET_NOT_GRANTED"]["repair"]
    assert repair["action"] == "grant-secret"
    assert repair["requests"][0].startswith("PUT /user/codespaces/secrets/ACR_CONTAINER_")
    assert "codespace" in repair["needs"]
    assert all(f["repair"] is None for code, f in findings.items()
               if code not in ("SECRET_NOT_GRANTED", "SECRET_ONLY_ON_GITHUB"))
