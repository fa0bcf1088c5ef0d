"""Built-in example files for `registry-doctor --demo`: typical faults, offline."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

from tui.options import Options

DEMO_DIR = Path(__file__).resolve().parent
"""Where the demo workspace, env file and codespaces folder live."""

DEMO_ENVIRON: dict[str, str] = {
    "CODESPACES": "true",
    "CODESPACE_NAME": "demo-codespace-7x9q",
    "CODESPACES_RECOVERY_CONTAINER": "true",
    "GITHUB_REPOSITORY": "acme/app",
}
"""A fixed environment: the demo never reads the user's own secrets."""


def codespace_secrets() -> dict[str, str]:
    """The demo's `.env-secrets` decoded: in a codespace these are also environment variables."""
    path = DEMO_DIR / "codespaces" / "shared" / ".env-secrets"
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, encoded = line.partition("=")
        if sep:
            found[name.strip()] = base64.b64decode(encoded.strip()).decode("utf-8")
    return found


def demo_options(base: Options) -> Options:
    """`base` pointed at the demo files, offline, without a daemon and with a fixed environment.

    The environment holds the codespace's secrets (as Codespaces sets them) plus a few markers;
    the env file repeats them, which is where the faults are reported.
    """
    return replace(
        base,
        env_file=DEMO_DIR / "demo.env",
        workspace=DEMO_DIR / "workspace",
        codespaces_dir=DEMO_DIR / "codespaces",
        image=None,
        offline=True,
        no_daemon=True,
        daemon_pull=False,
        environ={**DEMO_ENVIRON, **codespace_secrets()},
    )
