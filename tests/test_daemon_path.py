"""The Docker daemon path against the lab's own dockerd: login with reauth=True (no file
written), the daemon's HTTP-500 text classified, a bounded pull, and DOCKER_CONFIG untouched."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from tests.helpers import make_options
from tests.test_login import CANARY, assert_no_secret, make_set
from tests.test_pull import image
from tui.checks import login, pull
from tui.checks.diagnosis import Diagnosis
from tui.model import Secret
from tui.registry.daemon import daemon_login, daemon_pull


def tree_digest(root: Path) -> str:
    """Names, sizes and contents of everything under `root` (missing root: empty)."""
    digest = hashlib.sha256()
    if root.exists():
        for path in sorted(root.rglob("*")):
            digest.update(str(path.relative_to(root)).encode())
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def docker_env(lab, monkeypatch):
    """Point the SDK at the lab daemon and the lab's empty DOCKER_CONFIG; check both stay put."""
    monkeypatch.setenv("DOCKER_CONFIG", str(lab.docker_config))
    monkeypatch.setenv("DOCKER_HOST", lab.docker_host)
    home_docker = Path.home() / ".docker"
    before = (tree_digest(lab.docker_config), tree_digest(home_docker))
    yield {"DOCKER_HOST": lab.docker_host, "DOCKER_CONFIG": str(lab.docker_config)}
    assert (tree_digest(lab.docker_config), tree_digest(home_docker)) == before
    assert not any(lab.docker_config.iterdir())


def daemon_diagnosis(tmp_path, env, **overrides) -> Diagnosis:
    params = dict(offline=False, no_daemon=False, timeout=1.0)
    params.update(overrides)
    diagnosis = Diagnosis(make_options(tmp_path, env=env, **params))
    diagnosis.context.docker_daemon = "available"
    return diagnosis


def test_daemon_login_healthy(tmp_path, lab, docker_env):
    reg = lab.basic_http
    diagnosis = daemon_diagnosis(tmp_path, docker_env)
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", reg.users["alice"])]
    assert login.run(diagnosis) == []
    facts = diagnosis.handoff.login["LAB"].facts["daemon"]
    assert facts["ok"] is True and "Succeeded" in facts["message"]


def test_daemon_login_wrong_password_is_classified(tmp_path, lab, docker_env):
    reg = lab.basic_http
    diagnosis = daemon_diagnosis(tmp_path, docker_env)
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", CANARY)]
    findings = login.run(diagnosis)
    assert [f.code for f in findings] == ["LOGIN_UNAUTHORIZED"]  # both paths agree: one finding
    facts = diagnosis.handoff.login["LAB"].facts["daemon"]
    assert facts["ok"] is False and facts["code"] == "LOGIN_UNAUTHORIZED"
    assert "401" in facts["message"] and CANARY not in facts["message"]


def test_daemon_login_token_wrong_password(tmp_path, lab, docker_env):
    reg = lab.token
    result = daemon_login(reg.host, "alice", Secret(CANARY), make_options(
        tmp_path, env=docker_env, offline=False, no_daemon=False, timeout=2.0))
    assert not result.ok and result.code == "LOGIN_UNAUTHORIZED"


def test_daemon_passes_where_direct_check_fails(tmp_path, lab, docker_env):
    """The daemon skips certificate checks on loopback; Codespaces does not: say so."""
    reg = lab.basic_tls
    diagnosis = daemon_diagnosis(tmp_path, docker_env)  # no SSL_CERT_FILE: lab CA untrusted
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", reg.users["alice"])]
    findings = login.run(diagnosis)
    assert [(f.code, f.severity.value) for f in findings] == [
        ("TLS_UNTRUSTED", "error"), ("DOCKER_LOGIN_FAILED", "warning")]
    assert findings[1].stage == "daemon" and "Succeeded" in findings[1].detail


def test_daemon_login_refused_within_bound(tmp_path, lab, docker_env):
    diagnosis = daemon_diagnosis(tmp_path, docker_env)
    diagnosis.secret_sets = [make_set("LAB", lab.faults["refused"], "alice", CANARY)]
    started = time.monotonic()
    findings = login.run(diagnosis)
    assert time.monotonic() - started < 2.5
    assert [f.code for f in findings] == ["CONNECT_REFUSED"]
    assert diagnosis.handoff.login["LAB"].facts["daemon"]["code"] == "CONNECT_REFUSED"
    assert_no_secret(findings, CANARY)


def test_no_daemon_option_keeps_the_daemon_out(tmp_path, lab, docker_env):
    reg = lab.basic_http
    diagnosis = daemon_diagnosis(tmp_path, docker_env, no_daemon=True)
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", reg.users["alice"])]
    assert login.run(diagnosis) == []
    assert "daemon" not in diagnosis.handoff.login["LAB"].facts


def test_daemon_pull_healthy(tmp_path, lab, docker_env):
    reg = lab.basic_http
    diagnosis = daemon_diagnosis(tmp_path, docker_env, daemon_pull=True, timeout=3.0)
    ref = image(reg.host, "team/app")
    diagnosis.context.images = [ref]
    diagnosis.secret_sets = [make_set("LAB", reg.host, "alice", reg.users["alice"])]
    assert pull.run(diagnosis) == []
    assert diagnosis.handoff.pull[ref.ref].facts["daemon"]["ok"] is True


def test_daemon_pull_missing_tag_is_classified(tmp_path, lab, docker_env):
    reg = lab.basic_http
    options = make_options(tmp_path, env=docker_env, offline=False, no_daemon=False, timeout=2.0)
    result = daemon_pull(image(reg.host, "team/app", "1.O"), "alice",
                         Secret(reg.users["alice"]), options)
    assert not result.ok and result.code == "IMAGE_NOT_FOUND"


def test_daemon_pull_is_bounded_on_a_hanging_registry(tmp_path, lab, docker_env):
    """docker pull hangs for minutes here; the daemon path gives up within its bound."""
    host = lab.faults["hang_auth"]
    options = make_options(tmp_path, env=docker_env, offline=False, no_daemon=False, timeout=1.0)
    started = time.monotonic()
    result = daemon_pull(image(host, "team/app"), "alice", Secret(CANARY), options, bound=3.0)
    assert time.monotonic() - started < 4.0
    assert not result.ok and result.code == "REGISTRY_SLOW"


def test_daemon_login_runs_beside_the_probe_within_the_bound(tmp_path, lab, docker_env):
    """docker login waits 25–30 s on these hosts; with the daemon path on, the step still
    ends within the bound, and the daemon's timeout is classified."""
    diagnosis = daemon_diagnosis(tmp_path, docker_env)
    diagnosis.secret_sets = [make_set("SLOW", lab.faults["slow"], "alice", CANARY),
                             make_set("SILENT", lab.faults["silent"], "alice", CANARY)]
    started = time.monotonic()
    findings = login.run(diagnosis)
    assert time.monotonic() - started < 3.5
    assert [f.code for f in findings] == ["REGISTRY_SLOW", "REGISTRY_SLOW"]
    for prefix in ("SLOW", "SILENT"):
        assert diagnosis.handoff.login[prefix].facts["daemon"]["code"] == "REGISTRY_SLOW"
