"""The command line as scripts use it: exit codes, one-line errors, JSON on stdout only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tui import __version__
from tui.checks.diagnosis import OFFLINE_NOTE
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "report.schema.json").read_text())


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):
    """Run `python -m tui ARGS` as a user would; returns the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **(env or {})},
        cwd=cwd or ROOT, timeout=60,
    )


def offline_args(tmp_path: Path) -> list[str]:
    (tmp_path / "ws").mkdir(exist_ok=True)
    return ["--offline", "--workspace", str(tmp_path / "ws"),
            "--codespaces-dir", str(tmp_path / "cs")]


def test_check_json_prints_only_a_valid_schema_3_report(tmp_path):
    done = run_cli("check", "--json", *offline_args(tmp_path))
    report = json.loads(done.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["schema"] == 3 and report["tool"] == {"name": "registry-doctor",
                                                        "version": "0.3.0"}
    assert report["language"] == "en" and "github" not in report  # the step did not run
    assert report["summary"]["first"] is None
    steps = [s["id"] for s in report["steps"]]
    assert steps == ["context", "secrets", "naming", "github", "login", "pull", "ecr"]
    assert {s["status"] for s in report["steps"][3:]} == {"skip"}
    assert {s["reason"] for s in report["steps"][3:]} == {OFFLINE_NOTE}
    assert all(s["reason"] is None for s in report["steps"][:3])


def test_the_json_report_names_the_lead_its_actor_and_the_first_fix(tmp_path):
    cs = tmp_path / "cs" / ".persistedshare"
    cs.mkdir(parents=True)
    (cs / "creation.log").write_text(
        "Error response from daemon: manifest for octo/app:2.0 not found: manifest unknown\n"
        "Creating recovery container.\n")
    done = run_cli("check", "--json", *offline_args(tmp_path), "--image", "octo/app:2.0",
                   env={"CODESPACES_RECOVERY_CONTAINER": "true"})
    report = json.loads(done.stdout)
    jsonschema.validate(report, SCHEMA)
    leads = [f for f in report["findings"] if f["lead"]]
    assert [f["code"] for f in leads] == ["CREATION_LOG_ERROR"]
    assert report["summary"]["first"] == "CREATION_LOG_ERROR"
    assert "`2.0` is not published" in leads[0]["fix"] and "secret" not in leads[0]["fix"]
    assert all(f["actor"] == "you" and f["repair"] is None for f in report["findings"])
    [generic] = [f for f in report["findings"] if f["code"] == "NO_REGISTRY_SECRETS"]
    assert generic["severity"] == "info" and not generic["lead"]


def test_check_exit_status_follows_error_findings(tmp_path):
    clean = run_cli("check", *offline_args(tmp_path))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Summary: No problems found." in clean.stdout
    broken = run_cli("check", *offline_args(tmp_path),
                     env={"ACR_CONTAINER_REGISTRY_SERVER": "myco.azurecr.io"})
    assert broken.returncode == 1, broken.stdout
    assert "SECRET_SET_INCOMPLETE" in broken.stdout


@pytest.mark.parametrize("args", [
    ["check", "--timeout", "-1"], ["check", "--timeout", "soon"], ["check", "--bogus"],
    ["explain", "NOT_A_CODE"], ["--what"], ["check", "--workspace", "/nonexistent/ws"],
    ["check", "--env-file", "/nonexistent/secrets.env"], ["check", "--image", "UPPER/Case:tag"],
    ["--workspace", "/nonexistent/ws"],
])
def test_bad_usage_exits_2_with_one_line_and_no_traceback(args):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("registry-doctor: error:")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_explain_prints_the_entry_and_lists_codes():
    done = run_cli("explain", "secret_value_whitespace")
    assert done.returncode == 0 and done.stdout.startswith("SECRET_VALUE_WHITESPACE")
    listing = run_cli("explain")
    assert listing.returncode == 0 and "ECR_PERMISSION_MISSING" in listing.stdout


def test_report_option_writes_markdown(tmp_path):
    target = tmp_path / "report.md"
    done = run_cli("check", *offline_args(tmp_path), "--report", str(target))
    assert done.returncode == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# registry-doctor report") and "## Fixes, in order" in text


def test_unwritable_report_is_a_usage_error(tmp_path):
    done = run_cli("check", *offline_args(tmp_path), "--report", str(tmp_path / "no" / "r.md"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_internal_failure_is_one_line_exit_2_and_masks_secrets(monkeypatch, capsys, tmp_path):
    canary = "canary-cli-9a8b7c6d"

    def explode(self, steps=()):
        raise RuntimeError(f"exploded near {canary}")

    monkeypatch.setattr("tui.checks.diagnosis.Diagnosis.run_all", explode)
    monkeypatch.setenv("X_CONTAINER_REGISTRY_PASSWORD", canary)
    status = main(["check", *offline_args(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "RuntimeError" in err
    assert canary not in err


def test_python_dash_m_and_version():
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == "registry-doctor " + __version__
