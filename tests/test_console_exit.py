"""The `registry-doctor` command (`tui.cli.console`): after a check it ends the process at once
(no interpreter teardown), with the report whole on stdout, the report file written and the
check's exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSOLE = "import sys; from tui.cli import console; sys.argv[0] = 'registry-doctor'; console()"


def run_console(tmp_path: Path, *args: str, environ: dict[str, str] | None = None):
    env = {k: v for k, v in os.environ.items() if "CONTAINER_REGISTRY" not in k}
    env.update(environ or {})
    argv = [sys.executable, "-c", CONSOLE, "check", "--offline", "--workspace", str(tmp_path),
            "--codespaces-dir", str(tmp_path / "none"), *args]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_a_passing_check_prints_its_whole_report_and_exits_0(tmp_path):
    environ = {"ONE_CONTAINER_REGISTRY_SERVER": "127.0.0.1:5000",
               "ONE_CONTAINER_REGISTRY_USER": "alice",
               "ONE_CONTAINER_REGISTRY_PASSWORD": "One-password-0123456789"}
    done = run_console(tmp_path, "--json", "--image", "127.0.0.1:5000/team/app:1.0",
                       environ=environ)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [s["id"] for s in report["steps"]][-1] == "ecr" and done.stderr == ""


def test_a_failing_check_keeps_exit_1_and_writes_the_report_file(tmp_path):
    report = tmp_path / "report.md"
    environ = {"ONE_CONTAINER_REGISTRY_SERVER": "127.0.0.1:5000",
               "ONE_CONTAINER_REGISTRY_USER": "alice"}  # no PASSWORD: an error finding
    done = run_console(tmp_path, "--report", str(report), environ=environ)
    assert done.returncode == 1, done.stderr
    assert "ONE_CONTAINER_REGISTRY_PASSWORD" in done.stdout
    assert "ONE_CONTAINER_REGISTRY_PASSWORD" in report.read_text(encoding="utf-8")


def test_usage_errors_exit_2_as_before(tmp_path):
    done = run_console(tmp_path, "--timeout", "0")
    assert done.returncode == 2 and "--timeout" in done.stderr
