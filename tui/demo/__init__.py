"""`registry-doctor --demo`: built-in example files with typical faults, and the demo's own
registries on loopback so that every step runs for real without network.

The files in this folder are templates: `@BASIC@`, `@TOKEN@` and `@SILENT@` become the
addresses of the registries `tui.demo.registry` starts. `demo_session()` starts them, writes
the filled-in files to a temporary folder, and removes both on exit.
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tui.options import Options
from tui.record import replace

DEMO_DIR = Path(__file__).resolve().parent
"""Where the demo's template files live."""

DEMO_TIMEOUT = 1.0
"""The demo's bound on each network step: the silent registry becomes a finding in a second."""

OFFLINE_HOSTS = {"@BASIC@": "127.0.0.1:5001", "@TOKEN@": "127.0.0.1:5002",
                 "@SILENT@": "127.0.0.1:5003"}
"""The addresses written into the files when the demo runs offline (nothing is started)."""

DEMO_ENVIRON: dict[str, str] = {
    "CODESPACES": "true",
    "CODESPACE_NAME": "demo-codespace-7x9q",
    "CODESPACES_RECOVERY_CONTAINER": "true",
    "GITHUB_REPOSITORY": "acme/app",
}
"""A fixed environment: the demo never reads the user's own secrets."""

TEMPLATES = (
    "demo.env",
    "workspace/.devcontainer/devcontainer.json",
    "workspace/.devcontainer/compose.yml",
    "codespaces/.persistedshare/creation.log",
    "codespaces/.persistedshare/RECOVERY-REASON-FILE",
)


def fill(text: str, hosts: dict[str, str]) -> str:
    """`text` with the demo's placeholders replaced by `hosts`' addresses."""
    for placeholder, address in hosts.items():
        text = text.replace(placeholder, address)
    return text


def demo_secrets(env_text: str) -> dict[str, str]:
    """The demo env file's variables, as Codespaces would set them in the environment."""
    plain = plain_assignments(env_text)
    if plain is not None:
        return plain
    import io

    from dotenv import dotenv_values

    values = dotenv_values(stream=io.StringIO(env_text))
    return {name: value for name, value in values.items() if value is not None}


def plain_assignments(env_text: str) -> dict[str, str] | None:
    """`NAME=value` lines and comments read as python-dotenv reads them, without importing it
    (~20 M instructions, paid by the wizard's first paint); None for any other line (quotes
    around a value that is not plain, `export`, spaces, `$`, escapes other than `\\n`)."""
    values: dict[str, str] = {}
    for line in env_text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.isidentifier() or not name.isascii():
            return None
        quoted = len(value) >= 2 and value[0] == value[-1] == '"'
        inner = value[1:-1].replace("\\n", "") if quoted else value
        if any(ch in inner for ch in " \t\\\"'#$`") or not inner.isprintable():
            return None
        values[name] = value[1:-1].replace("\\n", "\n") if quoted else value
    return values


def write_demo_files(folder: Path, hosts: dict[str, str]) -> dict[str, str]:
    """Write the filled-in demo files below `folder`; return the demo's secrets."""
    for name in TEMPLATES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fill((DEMO_DIR / name).read_text(encoding="utf-8"), hosts),
                          encoding="utf-8")
    secrets = demo_secrets((folder / "demo.env").read_text(encoding="utf-8"))
    shared = folder / "codespaces" / "shared"
    shared.mkdir(parents=True, exist_ok=True)
    (shared / ".env-secrets").write_text(
        "".join(f"{name}={base64.b64encode(value.encode()).decode()}\n"
                for name, value in secrets.items()),
        encoding="utf-8",
    )
    return secrets


def demo_options(base: Options, folder: Path, hosts: dict[str, str],
                 github_url: str | None = None) -> Options:
    """`base` pointed at the demo files written to `folder` for `hosts`.

    The environment holds the codespace's secrets (as Codespaces sets them) plus a few markers;
    the env file repeats them, which is where the faults are reported. No daemon, no GitHub and
    no host outside this machine is contacted. With `github_url` (the demo's own GitHub API on
    loopback) the GitHub step asks it, with the demo's token; never the user's own.
    """
    secrets = write_demo_files(folder, hosts)
    github: dict[str, str] = {}
    if github_url is not None:
        from tui.demo.github import DEMO_TOKEN

        github = {"GITHUB_API_URL": github_url, "GH_TOKEN": DEMO_TOKEN}
    return replace(
        base,
        env_file=folder / "demo.env",
        workspace=folder / "workspace",
        codespaces_dir=folder / "codespaces",
        image=None,
        timeout=min(base.timeout, DEMO_TIMEOUT),
        no_daemon=True,
        no_github=github_url is None,  # never GitHub itself, nor `gh` for the user's token
        daemon_pull=False,
        loopback_only=True,
        environ={**DEMO_ENVIRON, **secrets, **github,
                 "XDG_STATE_HOME": str(folder / "state")},  # the journal goes with the demo
    )


@contextlib.contextmanager
def demo_session(base: Options) -> Iterator[Options]:
    """The demo's options, with its registries running (unless `base.offline`) until exit."""
    folder = Path(tempfile.mkdtemp(prefix="registry-doctor-demo-"))
    registry = github = None
    try:
        hosts = OFFLINE_HOSTS
        if not base.offline:
            from tui.demo.github import DemoGithub
            from tui.demo.registry import DemoRegistry

            registry = DemoRegistry()
            started = registry.start()
            hosts = {"@BASIC@": started.basic, "@TOKEN@": started.token,
                     "@SILENT@": started.silent}
            github = DemoGithub(DEMO_ENVIRON["CODESPACE_NAME"])
            github.start()
        yield demo_options(base, folder, hosts, github.url if github else None)
    finally:
        if github is not None:
            github.stop()
        if registry is not None:
            registry.stop()
        shutil.rmtree(folder, ignore_errors=True)
