"""Start-up stays lean and the checks stay free of the UI."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

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


WIZARD_FIRST_PAINT_MAY_IMPORT = frozenset({
    "tui", "tui.i18n", "tui.i18n.width", "tui.lazy_pattern", "tui.marks", "tui.record",
    "tui.options", "tui.steps", "tui.model", "tui.redact", "tui.checks", "tui.checks.diagnosis",
    "tui.demo",
    "tui.app", "tui.app.app", "tui.app.keys",
    "tui.app.messages", "tui.app.state",
    "tui.app.screens", "tui.app.screens.step", "tui.app.screens.context",
    "tui.app.widgets", "tui.app.widgets.cell_wrap", "tui.app.widgets.key_bar",
    "tui.app.widgets.step_indicator", "tui.app.widgets.symbols",
})
"""The wizard of `--demo`, offline, up to its first paint (the bench's program): the runner, the
app and its first screen (Context). Not the other screens, the finding cards, the ladder widget,
the palette's commands, the catalogue, the checks of any step (they run in a worker after the
paint) or the reports."""

_FIRST_PAINT = (
    "import json, sys\n"
    "from tui.app.app import WizardApp\nfrom tui.checks.diagnosis import Diagnosis\n"
    "from tui.demo import demo_session\nfrom tui.options import Options\n"
    "class FirstPaint(WizardApp):\n"
    "    def on_ready(self):\n"
    "        print(json.dumps(sorted(sys.modules)), flush=True)\n"
    "        self.exit()\n"
    "with demo_session(Options(offline=True)) as options:\n"
    "    FirstPaint(Diagnosis(options)).run(headless=True)\n"
)


def test_wizard_first_paint_imports_only_its_first_screen():
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT], check=True, capture_output=True, text=True,
        cwd=ROOT, timeout=60,
    ).stdout
    loaded = set(json.loads(out.splitlines()[0]))
    ours = {name for name in loaded if name.split(".")[0] == "tui"}
    assert ours <= WIZARD_FIRST_PAINT_MAY_IMPORT, sorted(ours - WIZARD_FIRST_PAINT_MAY_IMPORT)
    assert {"tui.app.screens.context", "tui.checks.diagnosis"} <= ours
    # the demo's env file is read without python-dotenv; no client library comes with it
    assert not {name.split(".")[0] for name in loaded} & set(HEAVY), sorted(loaded)


def test_the_wizard_runs_with_what_it_imported_frozen_out_of_the_collector():
    """`WizardApp.run` freezes the start-up's objects (`gc.freeze`), so no collection before the
    first paint walks Textual's and the wizard's modules again; the first paint still comes."""
    program = _FIRST_PAINT.replace(
        "print(json.dumps(sorted(sys.modules)), flush=True)",
        "import gc; print(gc.get_freeze_count(), flush=True)",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import gc; assert gc.get_freeze_count() == 0\n" + program],
        check=True, capture_output=True, text=True, cwd=ROOT, timeout=60,
    ).stdout
    assert int(out.splitlines()[0]) > 10_000


def test_the_ladder_widget_and_the_cell_wrap_pattern_wait_for_their_first_use():
    loaded = _modules_after(
        "import tui.app.app, tui.app.screens.context, tui.app.state\n"
        "from tui.app.widgets.cell_wrap import _TOKEN\n"
        "assert _TOKEN._compiled is None, 'compiled at import'"
    )
    assert "tui.app.widgets.ladder" not in loaded


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


# --- what a start may import: a module added to these lists costs every run ------------------

NEVER_AT_START = (
    "textual", "rich", "docker", "boto3", "botocore", "requests", "dotenv", "yaml", "json5",
    "ssl", "socket", "selectors", "subprocess", "shutil", "logging", "concurrent", "asyncio",
    "hashlib", "tempfile", "typing", "email", "http", "zipfile", "tarfile", "bz2", "lzma",
    "dataclasses", "inspect", "gettext", "locale", "threading", "base64",
)
"""Heavy or network modules that neither `--version` nor an offline check needs (argparse's
own help formatter would bring shutil and its compressors: `tui.cli` measures the terminal
without it; `dataclasses` brings `inspect`, `ast` and `dis`, and compiles methods for every
class: `tui.record` stands in for it; `gettext` and `locale` are argparse's, which
`tui.i18n.bare_argparse` spares it)."""

VERSION_MAY_IMPORT = frozenset({
    "tui", "tui.cli", "tui.i18n", "tui.i18n.parser", "tui.options", "tui.lazy_pattern",
    "tui.record", "tui.i18n.bare_argparse",
})
"""`registry-doctor --version`: the command line, its language and options (records), nothing
else of tui (English loads no catalog). `tui.i18n.parser` is argparse's formatter in the
current language, which argparse makes for every `add_argument`; the cell wrapping it leans on
(`tui.i18n.wrap`) comes only for a text that does not fit on a line."""

OFFLINE_CHECK_MAY_IMPORT = frozenset({
    "tui", "tui.cli", "tui.i18n", "tui.i18n.parser", "tui.options", "tui.lazy_pattern",
    "tui.record", "tui.i18n.bare_argparse",
    "tui.model", "tui.steps",
    "tui.redact", "tui.marks", "tui.encoding", "tui.catalogue",
    "tui.causes", "tui.causes.lead", "tui.causes.rules",
    "tui.checks", "tui.checks.diagnosis", "tui.checks.context", "tui.checks.secrets",
    "tui.checks.naming",
    "tui.workspace", "tui.workspace.devcontainer", "tui.workspace.sources",
    "tui.workspace.jsonc", "tui.workspace.files", "tui.workspace.imageref",
    "tui.secretsets", "tui.secretsets.patterns", "tui.secretsets.servers",
    "tui.secretsets.values", "tui.secretsets.fixes",
    "tui.registry", "tui.registry.coverage", "tui.registry.image_sense",
    "tui.aws", "tui.aws.formats",
    "tui.report", "tui.report.text", "tui.report.summary", "tui.report.actors",
})
"""An offline check of one secret set and one image named by devcontainer.json: the runner,
the cause model, the three offline steps, the wings they read and the text report. Not the
network steps, the Dockerfile, Compose or Feature readers, the creation-log reader, the probe
or the JSON report: each is imported by the code that needs it, when it runs."""


def _offline_check_code(workspace: Path, *args: str) -> str:
    environ = {
        "ONE_CONTAINER_REGISTRY_SERVER": "127.0.0.1:5000",
        "ONE_CONTAINER_REGISTRY_USER": "alice",
        "ONE_CONTAINER_REGISTRY_PASSWORD": "One-password-0123456789",
    }
    argv = ["check", "--offline", "--workspace", str(workspace),
            "--codespaces-dir", str(workspace / "no-codespace"), *args]
    return (
        "import contextlib, io, os\n"
        f"os.environ.update({environ!r})\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})"
    )


def _one_image_workspace(tmp_path: Path) -> Path:
    config = tmp_path / ".devcontainer" / "devcontainer.json"
    config.parent.mkdir()
    config.write_text('{\n  // one image\n  "image": "127.0.0.1:5000/team/app:1.0"\n}\n',
                      encoding="utf-8")
    return tmp_path


def _heavy(loaded: set[str]) -> set[str]:
    return {name for name in loaded if name.split(".")[0] in NEVER_AT_START}


def test_version_imports_only_the_command_line():
    loaded = _modules_after(
        "import contextlib, io\nfrom tui.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])"
    )
    ours = {name for name in loaded if name.split(".")[0] == "tui"}
    assert ours <= VERSION_MAY_IMPORT, sorted(ours - VERSION_MAY_IMPORT)
    assert not _heavy(loaded), sorted(_heavy(loaded))


def test_offline_check_imports_only_its_steps_and_their_wings(tmp_path):
    loaded = _modules_after(_offline_check_code(_one_image_workspace(tmp_path)))
    ours = {name for name in loaded if name.split(".")[0] == "tui"}
    assert ours <= OFFLINE_CHECK_MAY_IMPORT, sorted(ours - OFFLINE_CHECK_MAY_IMPORT)
    assert {"tui.checks.context", "tui.checks.naming", "tui.report.text"} <= ours
    assert not _heavy(loaded), sorted(_heavy(loaded))


def test_the_dotenv_reader_comes_only_with_an_env_file(tmp_path):
    workspace = _one_image_workspace(tmp_path)
    env_file = tmp_path / "registry.env"
    env_file.write_text("TWO_CONTAINER_REGISTRY_SERVER=ghcr.io\n", encoding="utf-8")
    assert "dotenv" not in _loaded_after(_offline_check_code(workspace))
    assert "dotenv" in _loaded_after(_offline_check_code(workspace, "--env-file", str(env_file)))


def test_skipped_network_steps_load_none_of_their_modules(tmp_path):
    """`--no-github` and a run without an ECR set: the GitHub client, the ECR step's parts,
    AWS and `gh`'s subprocess are never imported; nor the probe or TLS before a login."""
    loaded = _modules_after(
        "from pathlib import Path\n"
        "from tui.checks.diagnosis import Diagnosis\nfrom tui.options import Options\n"
        f"options = Options(no_github=True, environ={{}}, workspace=Path({str(tmp_path)!r}),"
        f" codespaces_dir=Path({str(tmp_path / 'none')!r}))\n"
        "diagnosis = Diagnosis(options)\n"
        "assert diagnosis.run_step('github').status == 'skip'\n"
        "assert diagnosis.run_step('ecr').status == 'skip'"
    )
    unwanted = {"tui.github", "tui.checks.ecr.keys", "tui.checks.ecr.images",
                "tui.checks.ecr.result", "tui.aws.calls", "tui.aws.policy",
                "tui.registry.probe.walks", "subprocess", "shutil", "ssl", "socket"}
    assert not loaded & unwanted, sorted(loaded & unwanted)


def test_argparse_is_imported_without_gettext_and_gettext_stays_whole():
    loaded = _modules_after(
        "import tui.cli, sys\n"
        "assert 'gettext' not in sys.modules and 'locale' not in sys.modules\n"
        "import gettext\n"
        "assert hasattr(gettext, 'translation') and gettext.gettext('x') == 'x'")
    assert {"argparse", "gettext"} <= loaded


# --- the probe: a healthy login and pull of a plain-HTTP registry on this machine ----------------

PLAIN_PROBE_NEVER = ("ssl", "socket", "selectors", "threading", "base64", "encodings.idna")
"""A registry on 127.0.0.0/8 that speaks plain HTTP is told from a TLS one by the probe's own
ClientHello (no `ssl`, nor the IDNA codec its server names bring), on `_socket` (socket.py
makes an enum of every constant), with one set and one image on no thread, and the Basic
header from the built-in binascii."""


HEALTHY_PROBE_NEVER = ("tui.registry.findings", "tui.fix_texts", "tui.registry.ghcr",
                       "tui.registry.probe.tls", "tui.registry.anonymous")
"""A login and a pull that pass make no finding: neither the fix texts nor the GHCR verdict
(for a ghcr.io image without a set) are imported for them, nor the anonymous-access question
for an image that a set covers."""


@pytest.mark.lab
def test_plain_http_login_and_pull_import_no_tls_socket_or_threads(tmp_path, lab_registries):
    reg = lab_registries.basic_http
    environ = {
        "ONE_CONTAINER_REGISTRY_SERVER": reg.host,
        "ONE_CONTAINER_REGISTRY_USER": "alice",
        "ONE_CONTAINER_REGISTRY_PASSWORD": reg.users["alice"],
    }
    argv = ["check", "--json", "--no-daemon", "--no-github", "--workspace", str(tmp_path),
            "--codespaces-dir", str(tmp_path / "none"), "--image", f"{reg.host}/team/app:1.0"]
    code = (
        "import contextlib, io, json, os, sys\n"
        f"os.environ.update({environ!r})\n"
        "from tui.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main({argv!r})\n"
        "steps = {s['id']: s['status'] for s in json.loads(out.getvalue())['steps']}\n"
        "assert status == 0 and steps['login'] == steps['pull'] == 'pass', steps\n"
    )
    loaded = _modules_after(code)
    assert {"tui.registry.probe.walks", "tui.registry.probe.transport"} <= loaded
    assert not loaded & set(PLAIN_PROBE_NEVER), sorted(loaded & set(PLAIN_PROBE_NEVER))
    assert not loaded & set(HEALTHY_PROBE_NEVER), sorted(loaded & set(HEALTHY_PROBE_NEVER))
