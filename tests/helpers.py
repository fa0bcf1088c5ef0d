"""Small helpers shared by the tests: build options and run a diagnosis on planted files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from tui.checks.diagnosis import Diagnosis
from tui.options import Options

FIXED_NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Create `files` (relative path -> content) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def make_options(
    tmp_path: Path,
    env: dict[str, str] | None = None,
    workspace_files: dict[str, str | bytes] | None = None,
    codespaces_files: dict[str, str | bytes] | None = None,
    env_file: str | None = None,
    **overrides,
) -> Options:
    """Options over a fresh workspace and codespaces dir in `tmp_path`, offline by default.

    `env_file` is the text of a dotenv file to pass as `--env-file`.
    """
    workspace = tmp_path / "ws"
    codespaces = tmp_path / "codespaces"
    workspace.mkdir(parents=True, exist_ok=True)
    codespaces.mkdir(parents=True, exist_ok=True)
    write_tree(workspace, workspace_files or {})
    write_tree(codespaces, codespaces_files or {})
    env_path = None
    if env_file is not None:
        env_path = tmp_path / "secrets.env"
        env_path.write_text(env_file, encoding="utf-8")
    params = dict(
        workspace=workspace,
        codespaces_dir=codespaces,
        env_file=env_path,
        environ=dict(env or {}),
        offline=True,
        no_daemon=True,
        now=lambda: FIXED_NOW,
    )
    params.update(overrides)
    return Options(**params)


def diagnose(options: Options, steps: tuple[str, ...] | None = None) -> Diagnosis:
    """Run the given steps (all, by default) and return the diagnosis."""
    diagnosis = Diagnosis(options)
    if steps is None:
        diagnosis.run_all()
    else:
        diagnosis.run_all(steps)
    return diagnosis


def codes(diagnosis: Diagnosis, step: str | None = None) -> list[str]:
    """The finding codes raised (in one step, if given)."""
    return [f.code for f in diagnosis.findings if step is None or f.step == step]


def command_lines() -> str:
    """Every process's command line on this machine, one a line (for leak searches)."""
    texts = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            texts.append(path.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return "\n".join(texts)
