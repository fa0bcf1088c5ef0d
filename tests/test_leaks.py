"""No secret ever shows: canaries planted everywhere, every output searched for them.

The canaries carry the marker `leakcanary`, which appears in no other input: any output that
holds the marker (or a canary's base64 / URL-encoded / Basic-auth form, a hash prefix, or its
first or last eight characters) is a leak.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from tests.helpers import command_lines
from tui.steps import WIZARD_STEPS

ROOT = Path(__file__).resolve().parent.parent
MARKER = "leakcanary"

CANARIES = {
    "ACR_CONTAINER_REGISTRY_PASSWORD": "leakcanary-Plain-4f1e9a2b7c",
    "HUB_CONTAINER_REGISTRY_PASSWORD": " leakcanary-Ws-8d2c\n",
    "GHCR_CONTAINER_REGISTRY_PASSWORD": "ghp_leakcanaryUnicodeÜñï©ødé77e1",
    "ODD_CONTAINER_REGISTRY_PASS": '"leakcanary-Quoted-3b7a"',
    "GCR_CONTAINER_REGISTRY_PASSWORD": "leakcanary-Long-" + "x9" * 2040,
    "ECR_CONTAINER_REGISTRY_PASSWORD": "leakcanaryAwsSecretKey0123456789abcdefAB",
}
USERS = {
    "ACR": ("myco.azurecr.io", "acr-user"),
    "HUB": ("https://index.docker.io/v1/", "hubuser"),
    "GHCR": ("ghcr.io", "octocat"),
    "ODD": ("odd.example.com", "odd-user"),
    "GCR": ("gcr.io", "_json_key"),
    "ECR": ("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "AKIAABCDEFGHIJKLMNOP"),
}


def forms(value: str, user: str | None = None) -> set[str]:
    """Every encoding of a secret that an output might carry."""
    raw = value.encode()
    found = {value, value.strip(), quote(value, safe=""), quote_plus(value),
             json.dumps(value)[1:-1], base64.b64encode(raw).decode(),
             base64.urlsafe_b64encode(raw).decode()}
    if user:
        found.add(base64.b64encode(f"{user}:{value}".encode()).decode())
    for text in {value, value.strip()}:  # fingerprints: hash prefixes, the value's ends
        data = text.encode()
        for algorithm in ("sha256", "sha1", "md5", "sha512"):
            found.add(hashlib.new(algorithm, data).hexdigest()[:8])
        found |= {text[:8], text[-8:]}
    return {f for f in found if len(f) >= 8}


def all_forms() -> set[str]:
    out: set[str] = set()
    for name, value in CANARIES.items():
        prefix = name.split("_", 1)[0]
        out |= forms(value, USERS.get(prefix, (None, None))[1])
    return out


def assert_no_leak(text: str, where: str) -> None:
    assert MARKER not in text, f"canary marker in {where}"
    for form in all_forms():
        assert form not in text, f"a canary form leaked into {where}"


@pytest.fixture
def planted(tmp_path):
    """A workspace, env-file and codespaces dir holding the canaries in all three sources."""
    ws = tmp_path / "ws"
    (ws / ".devcontainer").mkdir(parents=True)
    (ws / ".devcontainer" / "devcontainer.json").write_text(
        '{"image": "myco.azurecr.io/team/app:1.0", // the app\n}', encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
           "HOME": str(tmp_path / "home"), "GITHUB_REPOSITORY": "acme/app"}
    for prefix, (server, user) in USERS.items():
        env[f"{prefix}_CONTAINER_REGISTRY_SERVER"] = server
        env[f"{prefix}_CONTAINER_REGISTRY_USER"] = user
    # environment: two canaries; env-file: two; .env-secrets: two (base64, as Codespaces keeps them)
    names = list(CANARIES)
    for name in names[:2]:
        env[name] = CANARIES[name]
    env_file = tmp_path / "secrets.env"
    env_file.write_text("".join(f"{n}={json.dumps(CANARIES[n])}\n" for n in names[2:4]),
                        encoding="utf-8")
    shared = tmp_path / "cs" / "shared"
    shared.mkdir(parents=True)
    (shared / ".env-secrets").write_text(
        "".join(f"{n}={base64.b64encode(CANARIES[n].encode()).decode()}\n" for n in names[4:]),
        encoding="utf-8")
    persisted = tmp_path / "cs" / ".persistedshare"
    persisted.mkdir()
    (persisted / "creation.log").write_text(
        "docker login -p leakcanary-Plain-4f1e9a2b7c myco.azurecr.io\n"
        "Error response from daemon: Head \"https://myco.azurecr.io/v2/team/app/manifests/1.0\": "
        "unauthorized: authentication required\n", encoding="utf-8")
    (persisted / "RECOVERY-REASON-FILE").write_text(
        "image pull failed with password leakcanary-Plain-4f1e9a2b7c\n", encoding="utf-8")
    args = ["--workspace", str(ws), "--codespaces-dir", str(tmp_path / "cs"),
            "--env-file", str(env_file)]
    return env, args, tmp_path


def run_watching_proc(
    cmd: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `cmd`, reading every process's command line from /proc while it runs."""
    seen: list[str] = []
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT) as proc:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            seen.extend(command_lines().splitlines())
            time.sleep(0.005)
        out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), seen


LOOPBACK_REFUSED = "127.0.0.1:9"
"""Nothing listens on the discard port here: online runs reach only loopback, refused at once."""


def online(env: dict[str, str], args: list[str]) -> tuple[dict[str, str], list[str]]:
    """The same plant, but every registry and AWS endpoint on a refused loopback port."""
    env = dict(env, AWS_ENDPOINT_URL=f"http://{LOOPBACK_REFUSED}")
    for prefix in USERS:
        if prefix != "ECR":
            env[f"{prefix}_CONTAINER_REGISTRY_SERVER"] = LOOPBACK_REFUSED
    return env, [*args, "--image", f"{LOOPBACK_REFUSED}/team/app:1.0", "--timeout", "1"]


@pytest.mark.parametrize("mode", [["--offline"], ["--offline", "--json"], ["--no-daemon"]])
def test_check_outputs_reports_and_command_lines_hold_no_canary(planted, mode):
    env, args, tmp_path = planted
    if "--offline" not in mode:
        env, args = online(env, args)
    report = tmp_path / f"report{len(mode)}.md"
    done, cmdlines = run_watching_proc(
        [sys.executable, "-m", "tui", "check", *args, *mode, "--report", str(report)], env)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert_no_leak(done.stdout, "stdout")
    assert_no_leak(done.stderr, "stderr")
    assert_no_leak(report.read_text(encoding="utf-8"), "the Markdown report")
    assert_no_leak("\n".join(cmdlines), "a process command line")
    assert "•••• (" in done.stdout  # passwords are shown only in masked form


def test_explain_and_usage_errors_hold_no_canary(planted):
    env, args, _ = planted
    for extra in (["explain", "SECRET_EMPTY"], ["check", *args, "--timeout", "nope"]):
        done = subprocess.run([sys.executable, "-m", "tui", *extra], env=env,
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert_no_leak(done.stdout + done.stderr, " ".join(extra[:1]))


def test_committed_snapshots_hold_no_canary():
    for path in (ROOT / "snapshots").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert_no_leak(text, str(path.relative_to(ROOT)))


def test_wizard_screens_in_a_real_terminal_hold_no_canary(planted):
    """Every step of the wizard, driven under tmux, shows masks and never a canary."""
    from tests.test_app_tmux import Tmux

    env, args, _ = planted
    command = " ".join([sys.executable, "-m", "tui", "--offline", *args, "; sleep 30"])
    terminal = Tmux(command, extra_env={k: v for k, v in env.items() if k != "PATH"})
    try:
        last = len(WIZARD_STEPS)
        screens = [terminal.wait_for(f"Step 1 of {last}")]
        for number in range(2, last + 1):
            terminal.keys(str(number))
            screens.append(terminal.wait_for(f"Step {number} of {last}"))
        terminal.keys("2")
        screens.append(terminal.wait_for("•••• ("))
    finally:
        terminal.close()
    for number, screen in enumerate(screens, 1):
        assert_no_leak(screen, f"wizard screen {number}")


GITHUB_CANARY = "ghp_leakcanaryGithubToken0123456789ABCD"
"""A planted GitHub token, handed over by a fake `gh auth token` only."""


def test_a_github_token_from_gh_never_shows_anywhere(tmp_path, github_api):
    """gh prints the token (slowly, so /proc is read while it runs); the step asks the
    stand-in with it; no output, report or command line holds it in any form."""
    from tests.lab.github_api import Token
    from tests.lab.github_scenarios import FULL, acr, world

    github_api.reset(world(user_secrets=acr(repos=("acme/other",)),
                           tokens={GITHUB_CANARY: Token(FULL)}))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(0.4)\nprint({GITHUB_CANARY!r})\n",
                  encoding="utf-8")
    gh.chmod(0o755)
    ws = tmp_path / "ws"
    ws.mkdir()
    env = {"PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
           "PYTHONPATH": str(ROOT), "HOME": str(tmp_path / "home"),
           "GITHUB_API_URL": github_api.url, "GITHUB_REPOSITORY": "acme/app",
           "CODESPACE_NAME": github_api.world.codespace, "CODESPACES": "true"}
    report = tmp_path / "report.md"
    done, cmdlines = run_watching_proc(
        [sys.executable, "-m", "tui", "check", "--json", "--workspace", str(ws),
         "--codespaces-dir", str(tmp_path / "cs"), "--no-daemon", "--report", str(report)],
        env)
    assert done.returncode in (0, 1), done.stderr
    assert any(line.rstrip().endswith(f"{gh} auth token") for line in cmdlines), \
        "the fake gh was never seen running"
    texts = {"stdout": done.stdout, "stderr": done.stderr,
             "the Markdown report": report.read_text(encoding="utf-8"),
             "a process command line": "\n".join(cmdlines),
             "the API's request log": repr(github_api.requests)}
    for where, text in texts.items():
        assert MARKER not in text, f"the GitHub token's marker in {where}"
        for form in forms(GITHUB_CANARY):
            assert form not in text, f"a form of the GitHub token leaked into {where}"
    codes = [f["code"] for f in json.loads(done.stdout)["findings"] if f["step"] == "github"]
    assert "SECRET_NOT_GRANTED" in codes  # the token was used: the stand-in answered it
