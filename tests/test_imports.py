"""Start-up stays lean and the checks stay free of the UI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("docker", "boto3", "botocore", "dotenv", "requests")
UI_FREE = ("checks", "workspace", "logs", "registry", "github", "aws", "secretsets")
"""The steps and the wings they lean on: plain modules, no UI."""
UI = ("textual", "rich")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def _check_modules() -> list[str]:
    names = []
    paths = [path for wing in UI_FREE for path in (ROOT / "tui" / wing).rglob("*.py")]
    for path in sorted(paths):
        rel = path.relative_to(ROOT).with_suffix("")
        names.append(".".join(p for p in rel.parts if p != "__init__"))
    return names


def test_checks_and_reports_import_no_textual_or_rich():
    reports = ["tui.report.text", "tui.report.json_report", "tui.report.markdown"]
    modules = [*_check_modules(), *reports, "tui.report.explain"]
    loaded = _loaded_after("\n".join(f"import {m}" for m in modules))
    assert not loaded & set(UI)


def test_no_check_module_names_textual_or_rich_anywhere():
    for path in (p for wing in UI_FREE for p in (ROOT / "tui" / wing).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in UI, f"{path}: imports {name}"


def test_start_up_imports_no_docker_boto3_dotenv_or_requests():
    loaded = _loaded_after("import tui, tui.cli, tui.checks.diagnosis")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_app_imports_no_docker_boto3_or_dotenv():
    loaded = _loaded_after("import tui.app")
    assert not loaded & {"docker", "boto3", "botocore", "dotenv"}


def test_offline_check_needs_no_docker_or_boto3():
    code = (
        "from tui.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', '--offline', '--json', '--codespaces-dir', '/nonexistent'])"
    )
    loaded = _loaded_after(code)
    assert not loaded & {"docker", "boto3", "botocore", "textual", "rich"}


# --- start-up cost: modules only some paths need are imported by those paths ------------------

LAZY_STDLIB = ("traceback", "logging", "ssl", "socket", "concurrent.futures", "hashlib", "textwrap")
"""Imported where they are used: a crashing step, an env file, a network step, a secret shown."""


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_cli_and_diagnosis_import_no_lazy_stdlib_module():
    loaded = _modules_after("import tui.cli, tui.checks.diagnosis")
    assert not loaded & set(LAZY_STDLIB), loaded & set(LAZY_STDLIB)
    assert "tui.catalogue" not in loaded


def test_wizard_start_up_defers_the_catalogue_and_finding_cards():
    loaded = _modules_after(
        "from tui.app.app import WizardApp\nfrom tui.checks.diagnosis import Diagnosis\n"
        "import tui.app.screens.context, tui.demo"
    )
    assert not loaded & {"tui.catalogue", "tui.app.widgets.finding_card", "hashlib"}


def test_offline_check_imports_no_network_logging_or_crash_modules():
    code = (
        "from tui.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', '--offline', '--json', '--codespaces-dir', '/nonexistent',"
        " '--image', 'localhost:5000/team/app:1'])"
    )
    loaded = _modules_after(code)
    unwanted = {"ssl", "socket", "logging", "traceback", "concurrent.futures",
                "tui.logs.reader", "tui.registry.daemon_ping", "tui.aws.calls"}
    assert not loaded & unwanted, loaded & unwanted
