"""Nothing of the user's is touched: Docker configs stay byte-identical, no stray files appear."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKER_CONFIG_JSON = json.dumps({
    "auths": {"myco.azurecr.io": {"auth": "dXNlcjpub3QtYS1yZWFsLXBhc3N3b3Jk"},
              "https://index.docker.io/v1/": {}},
    "credsStore": "desktop",
    "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
}, indent=1)


def tree_digest(*roots: Path) -> dict[str, str]:
    """Path -> sha256 of every file below the roots."""
    out = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def user_home(tmp_path):
    """A HOME and a DOCKER_CONFIG with auths, credsStore and credHelpers, plus a workspace."""
    home, cfg, ws, cs = (tmp_path / n for n in ("home", "dockercfg", "ws", "cs"))
    for folder in (home / ".docker", cfg, ws / ".devcontainer", cs / "shared"):
        folder.mkdir(parents=True)
    (home / ".docker" / "config.json").write_text(DOCKER_CONFIG_JSON)
    (cfg / "config.json").write_text(DOCKER_CONFIG_JSON)
    (ws / ".devcontainer" / "devcontainer.json").write_text(
        '{"image": "127.0.0.1:9/team/app:1.0"}')
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
        "HOME": str(home), "DOCKER_CONFIG": str(cfg), "TMPDIR": str(tmp_path / "tmp"),
        "X_CONTAINER_REGISTRY_SERVER": "127.0.0.1:9", "X_CONTAINER_REGISTRY_USER": "u",
        "X_CONTAINER_REGISTRY_PASSWORD": "not-the-real-one-1234",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    }
    (tmp_path / "tmp").mkdir()
    return tmp_path, env, ["--workspace", str(ws), "--codespaces-dir", str(cs)]


@pytest.mark.parametrize("extra", [
    ["check", "--offline"], ["check", "--json", "--timeout", "1"],
    ["check", "--timeout", "1", "--daemon-pull"], ["explain", "LOGIN_UNAUTHORIZED"],
])
def test_docker_config_and_home_are_untouched(user_home, extra):
    tmp_path, env, args = user_home
    before = tree_digest(tmp_path)
    command = [sys.executable, "-m", "tui", *extra]
    if extra[0] == "check":
        command += args
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    assert tree_digest(tmp_path) == before


def test_only_the_asked_for_report_is_written(user_home):
    tmp_path, env, args = user_home
    before = tree_digest(tmp_path)
    report = tmp_path / "ws" / "report.md"
    subprocess.run([sys.executable, "-m", "tui", "check", "--offline", *args, "--report",
                    str(report)], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
    after = tree_digest(tmp_path)
    assert set(after) - set(before) == {str(report)}
    assert {k: v for k, v in after.items() if k != str(report)} == before


@pytest.mark.lab
def test_daemon_login_and_pull_leave_the_docker_config_untouched(user_home, lab):
    """The daemon path for real: login (reauth) and pull through the lab's dockerd."""
    tmp_path, env, args = user_home
    registry = lab.basic_http
    env = dict(env, DOCKER_HOST=lab.docker_host, SSL_CERT_FILE=str(lab.ca_file),
               X_CONTAINER_REGISTRY_SERVER=registry.host, X_CONTAINER_REGISTRY_USER="alice",
               X_CONTAINER_REGISTRY_PASSWORD=registry.users["alice"])
    before = tree_digest(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--json", "--daemon-pull", "--timeout", "5",
         *args, "--image", f"{registry.host}/team/app:1.0"],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["context"]["docker_daemon"] == "available"
    steps = {s["id"]: s["status"] for s in report["steps"]}
    assert steps["login"] == "pass" and steps["pull"] == "pass", report["findings"]
    assert tree_digest(tmp_path) == before
