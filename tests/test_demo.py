"""The demo runs every step for real against its own registries on loopback, and leaves nothing.

`check --demo` is run as a user would, in a fresh process: its registries start and stop with
it, the login and pull ladders go over the wire, no host outside this machine is contacted.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tui.demo import DEMO_DIR, demo_session
from tui.demo.registry import DemoRegistry
from tui.options import Options, is_loopback_host
from tui.registry.probe.deadline import Deadline
from tui.registry.probe.errors import ProbeFailure
from tui.registry.probe.transport import resolve

ROOT = Path(__file__).resolve().parent.parent


def _demo_passwords() -> list[str]:
    return [line.split("=", 1)[1].strip('"').replace("\\n", "")
            for line in (DEMO_DIR / "demo.env").read_text().splitlines()
            if "_PASSWORD=" in line]


@pytest.fixture(scope="module")
def demo_report() -> tuple[dict, float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "tui", "check", "--demo", "--json"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    return json.loads(done.stdout), time.monotonic() - started, done


def test_check_demo_runs_login_and_pull_live(demo_report) -> None:
    report, seconds, done = demo_report
    assert done.returncode == 1 and done.stderr == ""
    by_code = {(f["code"], f["secret_set"] or f["image"]) for f in report["findings"]}
    codes = {code for code, _ in by_code}
    assert ("LOGIN_UNAUTHORIZED", "TEAM") in by_code  # the token service refuses the password
    assert ("REGISTRY_SLOW", "MIRROR") in by_code  # the silent host, within the demo's bound
    assert "IMAGE_NOT_FOUND" in codes  # acme/tools:2.1, with close tags
    [missing] = [f for f in report["findings"] if f["code"] == "IMAGE_NOT_FOUND"]
    assert "2.0.1" in missing["detail"]
    steps = {step["id"]: step for step in report["steps"]}
    assert steps["login"]["status"] == "fail" and steps["pull"]["status"] == "fail"
    # the right set logs in, and its acme/app:1.0 pulls
    assert "DEMO" not in {f["secret_set"] for f in report["findings"] if f["step"] == "login"}
    assert not [f for f in report["findings"]
                if f["step"] == "pull" and (f["image"] or "").endswith("/acme/app:1.0")]
    assert seconds < 15


def test_the_demo_contacts_nothing_outside_this_machine(demo_report) -> None:
    report, _, done = demo_report
    assert "DNS_FAILED" not in {f["code"] for f in report["findings"]}
    assert steps_skipped(report) == {"ecr"}  # GitHub: the demo's own API on loopback
    github = next(step for step in report["steps"] if step["id"] == "github")
    assert github["status"] == "warn"
    assert ("SECRET_NOT_GRANTED", "DEMO") in {(f["code"], f["secret_set"])
                                              for f in report["findings"]}
    for image in report["images"]:
        assert is_loopback_host(image["host"]) or image["host"] == "registry.gitlab.com"
    assert all(secret not in done.stdout for secret in _demo_passwords())


def steps_skipped(report: dict) -> set[str]:
    return {step["id"] for step in report["steps"] if step["status"] == "skip"}


def test_the_loopback_guard_never_looks_a_name_up() -> None:
    started = time.monotonic()
    with pytest.raises(ProbeFailure) as failure:
        resolve("registry.gitlab.com", 443, Deadline(5.0), loopback_only=True)
    assert "not contacted" in failure.value.detail
    assert time.monotonic() - started < 0.05
    assert resolve("127.0.0.1", 80, Deadline(1.0), loopback_only=True)
    assert Options(loopback_only=True).may_contact("127.0.0.1:5000")
    assert not Options(loopback_only=True).may_contact("registry.gitlab.com")
    assert Options().may_contact("registry.gitlab.com")


def test_the_registries_stop_and_the_files_go() -> None:
    with demo_session(Options()) as options:
        folder = options.env_file.parent
        compose = (options.workspace / ".devcontainer" / "compose.yml").read_text()
        ports = sorted({int(port) for port in re.findall(r"127\.0\.0\.1:(\d+)", compose)})
        assert len(ports) == 3
        api = options.environ["GITHUB_API_URL"]
        assert api.startswith("http://127.0.0.1:")
        ports.append(int(api.rsplit(":", 1)[1]))
        for port in ports:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert not folder.exists()
    for port in ports:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_offline_demo_starts_nothing_and_writes_only_a_temporary_folder() -> None:
    before = set(Path(tempfile.gettempdir()).glob("registry-doctor-demo-*"))
    with demo_session(Options(offline=True)) as options:
        assert "127.0.0.1:5001" in options.environ["DEMO_CONTAINER_REGISTRY_SERVER"]
    assert set(Path(tempfile.gettempdir()).glob("registry-doctor-demo-*")) == before


def test_the_demo_registry_speaks_the_registry_api() -> None:
    import urllib.error
    import urllib.request

    with DemoRegistry() as hosts:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://{hosts.basic}/v2/", timeout=2)
        assert refused.value.code == 401
        assert refused.value.headers["WWW-Authenticate"].startswith("Basic ")
        with pytest.raises(urllib.error.HTTPError) as challenged:
            urllib.request.urlopen(f"http://{hosts.token}/v2/acme/app/manifests/1.0", timeout=2)
        assert 'scope="repository:acme/app:pull"' in challenged.value.headers["WWW-Authenticate"]


def test_the_text_report_says_what_each_pass_proved() -> None:
    done = subprocess.run([sys.executable, "-m", "tui", "check", "--demo"], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert any(line.startswith("    ✓ DEMO: credentials — /v2/ accepts Basic") for line in lines)
    assert any("/acme/app:1.0: layer — smallest of 1 layer" in line for line in lines)
    assert not any("✓ TEAM" in line or "✓ MIRROR" in line for line in lines)  # they failed
