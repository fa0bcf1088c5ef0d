"""Pytest plugin for the wizard's tests: fake diagnoses with fixed results and snapshot helpers.

Snapshots are plain syrupy 7: a text dump of the screen first (readable diffs), then the SVG
with Rich's content-hash ids normalised. Files land in `snapshots/<test_module>/`.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.helpers import FIXED_NOW
from tui.checks.diagnosis import OFFLINE_NOTE, Diagnosis, Progress
from tui.checks.ecr import EcrSetResult
from tui.checks.github import GithubAccess
from tui.github.facts import (
    CodespaceFacts,
    GithubFacts,
    GithubSecret,
    PackageFacts,
    RepoFacts,
    Unasked,
)
from tui.i18n import _
from tui.model import (
    STEP_IDS,
    Context,
    Finding,
    ImageRef,
    Secret,
    SecretSet,
    Severity,
    StepResult,
    Variable,
)
from tui.options import Options
from tui.record import replace
from tui.steps import NETWORK_STEPS

CANARY = "CANARY-pw-7f3a9c1e-do-not-print"
"""A password planted in every fake: it must never appear on screen or in an export."""

HOLD_TIMEOUT = 10.0
"""A held fake step gives up waiting after this long, so a broken test cannot hang."""

FROZEN: dict[str, tuple[str, str, str, str]] = {
    "DEVCONTAINER_NOT_FOUND": ("info", "context", "No devcontainer configuration found",
                               "Run from the repository checkout (`--workspace DIR`)."),
    "NO_REGISTRY_SECRETS": ("error", "secrets", "No registry secrets found",
                            "Create the three secrets with `gh secret set NAME --user --repos "
                            "OWNER/REPO`, then stop and start the codespace."),
    "DOCKER_DAEMON_UNAVAILABLE": ("info", "context", "No Docker daemon answers",
                                  "Nothing to do: the daemon-less checks cover it."),
    "RECOVERY_MODE": ("info", "context", "The codespace runs in a recovery container",
                      "Fix the cause named by the other findings, then rebuild."),
    "CREATION_LOG_ERROR": ("error", "context", "The creation log shows why the image failed",
                           "Follow the step the class points to."),
    "SECRETS_NOT_LOADED": ("error", "secrets", "Secrets exist but are not loaded",
                           "Stop and start the codespace."),
    "SECRET_VALUE_WHITESPACE": ("error", "naming", "A secret value has stray whitespace",
                                "Set the value again without the whitespace."),
    "SECRET_NAME_MISSPELLED": ("error", "naming", "A secret name is off the pattern",
                               "Create the secret under the intended name."),
    "IMAGE_REGISTRY_UNCOVERED": ("error", "naming", "No secret set for the image's registry",
                                 "Create a secret set whose SERVER is the image's registry."),
    "GITHUB_TOKEN_UNAVAILABLE": ("info", "github", "No GitHub token to ask GitHub's API with",
                                 "`unset GITHUB_TOKEN; gh auth login -s codespace,read:packages`, "
                                 "then `GH_TOKEN=$(gh auth token) registry-doctor`."),
    "GITHUB_TOKEN_SCOPE": ("warning", "github", "The GitHub token may not ask every question",
                           "`unset GITHUB_TOKEN GH_TOKEN; gh auth login -h github.com -s "
                           "codespace,read:packages`, then `GH_TOKEN=$(gh auth token) "
                           "registry-doctor check`."),
    "SECRET_NOT_GRANTED": ("error", "github", "A secret exists on GitHub but is not granted here",
                           "https://github.com/settings/codespaces → ACR_CONTAINER_REGISTRY_SERVER"
                           " → Repository access: add acme/app; then stop and start the "
                           "codespace."),
    "SECRET_CHANGED_AFTER_START": ("warning", "github",
                                   "A secret changed after this codespace started",
                                   "`gh codespace stop -c fluffy-space-guide-7x9q`, then open "
                                   "it again."),
    "GHCR_INTERNAL_PUBLIC_REPO": ("error", "github",
                                  "An internal GHCR image for a public repository",
                                  "Under Manage Codespaces access add acme/app with Read."),
    "TLS_UNTRUSTED": ("error", "login", "The certificate is not trusted",
                      "Use a certificate from a public authority."),
    "IMAGE_NOT_FOUND": ("error", "pull", "Repository or tag not found",
                        "Fix the image reference in devcontainer.json, or push the image."),
    "ECR_PERMISSION_MISSING": ("error", "ecr", "The key lacks ECR pull rights",
                               "Attach the least-privilege policy to the key's IAM user: "
                               "`aws iam put-user-policy --user-name ci --policy-name "
                               "registry-doctor-pull --policy-document file://policy.json`."),
    "AWS_ACCOUNT_MISMATCH": ("warning", "ecr", "The key belongs to another AWS account",
                             "Add a repository policy allowing the key's user to pull."),
}
"""Severity, step, title and default fix of the codes the fakes use, frozen here so that
catalogue edits do not move the pictures."""


def finding(code: str, detail: str, fix: str | None = None, *, severity: Severity | None = None,
            secret_set: str | None = None, image: str | None = None,
            stage: str | None = None) -> Finding:
    """Like `tui.catalogue.finding`, from the frozen entries above (title and default fix in
    the current language, as the catalogue's are; details and given fixes stay as written)."""
    level, step, title, default_fix = FROZEN[code]
    return Finding(code, severity or Severity(level), step, _(title), detail,
                   fix or _(default_fix), secret_set, image, stage)


# --- snapshot extensions ------------------------------------------------------------------

class TextSnapshot(SingleFileSnapshotExtension):
    """The screen as plain text (`.txt`)."""

    file_extension = "txt"
    _write_mode = WriteMode.TEXT


_TERMINAL_ID = re.compile(r"terminal-\d+")


class SvgSnapshot(SingleFileSnapshotExtension):
    """The SVG screenshot (`.svg`) with Rich's content-hash ids normalised."""

    file_extension = "svg"
    _write_mode = WriteMode.TEXT

    def serialize(self, data, **kwargs):
        return _TERMINAL_ID.sub("terminal-0", str(data))


def screen_text(app) -> str:
    """The current screen (with any dialog over it) as plain text, trailing spaces removed."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False,
                      safe_box=False)
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens)
    console.print(update)
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


async def settle(app, pilot) -> None:
    """Let queued steps and workers finish, then let the screen repaint (textual.md's order)."""
    await pilot.pause()
    deadline = time.monotonic() + HOLD_TIMEOUT
    while app.state.pending and time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def wait_for(event: threading.Event, timeout: float = HOLD_TIMEOUT) -> None:
    """Wait (without blocking the app's loop) until `event` is set; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while not event.is_set():
        assert time.monotonic() < deadline, "the fake step never started"
        await asyncio.sleep(0.01)


@pytest.fixture
def app_env(monkeypatch):
    """Environment for deterministic pictures: no NO_COLOR, no TEXTUAL_THEME."""
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_ANIMATIONS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def screen_snapshot(snapshot):
    """`assert_screen(app)`: text snapshot first, then the SVG."""

    def assert_screen(app) -> None:
        text = screen_text(app)
        assert CANARY not in text
        assert text == snapshot(extension_class=TextSnapshot)
        svg = app.export_screenshot(title="registry-doctor")
        assert CANARY not in svg
        assert svg == snapshot(extension_class=SvgSnapshot)

    return assert_screen


# --- fake diagnoses -----------------------------------------------------------------------

class FakeDiagnosis(Diagnosis):
    """A Diagnosis whose steps return fixed results (and may wait on an Event first)."""

    def __init__(self, options: Options, results: dict[str, StepResult], *,
                 context: Context | None = None, secret_sets: list[SecretSet] | None = None,
                 variables: list[Variable] | None = None,
                 script: dict[str, list[Progress]] | None = None,
                 script_after: dict[str, list[Progress]] | None = None,
                 hold: dict[str, threading.Event] | None = None,
                 github: GithubAccess | None = None,
                 github_facts: GithubFacts | None = None) -> None:
        super().__init__(options=options)
        self._primed = True
        self.fixed_results = results
        self.fixed_context = context or Context()
        self.fixed_sets = secret_sets or []
        self.variables = variables or []
        self.script = script or {}
        self.script_after = script_after or {}
        self.hold = hold or {}
        self.fixed_github = github
        self.fixed_github_facts = github_facts
        self.runs: list[str] = []
        self.entered: dict[str, threading.Event] = {s: threading.Event() for s in STEP_IDS}
        for item in self.fixed_sets:
            if item.secret is not None:
                self.redactor.add(item.secret)

    def fixes_in_order(self) -> list[Finding]:
        """A frozen order (step, then severity) so the pictures do not follow the real one."""
        actionable = [f for f in self.findings if f.severity is not Severity.INFO]
        return sorted(actionable, key=lambda f: (STEP_IDS.index(f.step), f.severity.rank))

    def run_step(self, step: str) -> StepResult:
        self.runs.append(step)
        self.begin_ladders(step)
        if step == "context":
            self.context = self.fixed_context
        if step == "secrets":
            self.secret_sets = self.fixed_sets
        if step == "github":
            self.handoff.github = self.fixed_github
            self.handoff.github_facts = self.fixed_github_facts
        for update in self.script.get(step, []):
            self.report(update.step, update.subject, update.stage, update.state, update.detail)
        self.entered[step].set()
        event = self.hold.get(step)
        if event is not None:
            event.wait(HOLD_TIMEOUT)
        for update in self.script_after.get(step, []):
            self.report(update.step, update.subject, update.stage, update.state, update.detail)
        if self.options.offline and step in NETWORK_STEPS:
            result = StepResult(step, "skip", 0.0, [], OFFLINE_NOTE)
        else:
            preset = self.fixed_results.get(step) or StepResult(step, "pass", 0.01)
            result = replace(preset, findings=[self._clean(f) for f in preset.findings])
        result = replace(result, ladders=self.take_ladders(step))
        with self._lock:
            self.results[step] = result
        return result


def fake_options(tmp_path: Path, **overrides) -> Options:
    """Options for a fake: fixed clock, no network unless said otherwise."""
    params = dict(workspace=tmp_path, codespaces_dir=tmp_path / "codespaces", environ={},
                  offline=False, no_daemon=True, timeout=5.0, now=lambda: FIXED_NOW)
    params.update(overrides)
    return Options(**params)


def _set(prefix: str, server: str, user: str, password: str, kind: str, host: str,
         source: str = "environment") -> SecretSet:
    base = f"{prefix}_CONTAINER_REGISTRY"
    return SecretSet(
        prefix=prefix,
        server=Variable(f"{base}_SERVER", server, source),
        user=Variable(f"{base}_USER", user, source),
        password=Variable(f"{base}_PASSWORD", Secret(password), source),
        kind=kind,
        host=host,
    )


def _image(ref: str, host: str, repository: str, reference: str) -> ImageRef:
    return ImageRef(ref, host, repository, reference, ".devcontainer/devcontainer.json")


def _result(step: str, findings: list, seconds: float = 0.05, note: str = "") -> StepResult:
    status = "skip" if note else StepResult.status_of(findings)
    return StepResult(step, status, seconds, findings, note)


def scenario(name: str, tmp_path: Path, **option_overrides) -> FakeDiagnosis:
    """A fake diagnosis: `nothing` found, `passing`, `failing` or `offline`."""
    options = fake_options(tmp_path, offline=name == "offline", **option_overrides)
    return SCENARIOS[name](options)


def nothing_found(options: Options) -> FakeDiagnosis:
    """No codespace, no devcontainer, no secrets: nothing to check."""
    context = Context(workspace="/home/dev/app")
    results = {
        "context": _result("context", [finding(
            "DEVCONTAINER_NOT_FOUND", "No devcontainer.json under /home/dev/app.")]),
        "secrets": _result("secrets", [finding(
            "NO_REGISTRY_SECRETS", "No <*>_CONTAINER_REGISTRY_* variables are set.",
            severity=Severity.INFO)]),
        "naming": _result("naming", []),
        "github": _result("github", [finding(
            "GITHUB_TOKEN_UNAVAILABLE", "No token: GH_TOKEN is not set; GITHUB_TOKEN is not "
            "set; gh is not installed.")], note=NO_TOKEN),
        "login": _result("login", [], note="no complete secret set"),
        "pull": _result("pull", [], note="no image to pull"),
        "ecr": _result("ecr", [], note="no ECR secret set"),
    }
    return FakeDiagnosis(options, results, context=context, github=GithubAccess(
        "https://api.github.com", None, "", None, ""))


NO_TOKEN = "no GitHub token (GH_TOKEN, GITHUB_TOKEN or `gh auth token`)"


def _acr_context() -> Context:
    return Context(
        codespace=True, codespace_name="fluffy-space-guide-7x9q", repository="acme/app",
        docker_daemon="absent", workspace="/workspaces/app",
        devcontainer=".devcontainer/devcontainer.json",
        images=[_image("myco.azurecr.io/app:1.0", "myco.azurecr.io", "app", "1.0")],
    )


def _ladder_script(step: str, subject: str, stages: tuple[str, ...], last: str = "pass",
                   upto: int | None = None, detail: str = "") -> list[Progress]:
    upto = len(stages) if upto is None else upto
    updates = [Progress(step, subject, s, "pass") for s in stages[: upto - 1]]
    if upto:
        updates.append(Progress(step, subject, stages[upto - 1], last, detail))
    return updates


LOGIN = ("dns", "tcp", "tls", "challenge", "credentials")
PULL = ("token", "manifest", "platform", "layer")


def all_passing(options: Options) -> FakeDiagnosis:
    """A codespace whose ACR set logs in and whose image pulls."""
    sets = [_set("ACR", "myco.azurecr.io", "myco-pull", CANARY, "acr", "myco.azurecr.io")]
    results = {step: _result(step, []) for step in STEP_IDS}
    results["context"] = _result("context", [finding(
        "DOCKER_DAEMON_UNAVAILABLE", "No daemon at unix:///var/run/docker.sock.")])
    results["ecr"] = _result("ecr", [], note="no ECR secret set")
    results["github"] = _result("github", [], seconds=0.62)
    github = GithubAccess("https://api.github.com", "acme/app", "GITHUB_REPOSITORY",
                          Secret(CANARY + "-gh"), "GH_TOKEN")
    script = {
        "login": _ladder_script("login", "ACR", LOGIN),
        "pull": _ladder_script("pull", "myco.azurecr.io/app:1.0", PULL),
    }
    variables = [v for s in sets for v in (s.server, s.user, s.password)]
    return FakeDiagnosis(options, results, context=_acr_context(), secret_sets=sets,
                         variables=variables, script=script, github=github,
                         github_facts=github_granted())


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=timezone.utc)


def _acr_secrets(level: str, granted: bool | None, note: str, updated: datetime,
                 visibility: str | None = "selected", owner: str = "") -> list[GithubSecret]:
    return [GithubSecret(f"ACR_CONTAINER_REGISTRY_{f}", level, "ACR", f, owner=owner,  # type: ignore[arg-type]
                         visibility=visibility, created_at=_at(20, 9, 0), updated_at=updated,
                         granted=granted, grant_note=note) for f in ("SERVER", "USER", "PASSWORD")]


def github_granted() -> GithubFacts:
    """GitHub's facts of a healthy codespace: the set granted, the image's package public."""
    facts = GithubFacts("acme/app", calls=9, seconds=0.62, scopes=("codespace", "read:packages",
                                                                    "repo"), rate_remaining=4990)
    facts.repo = RepoFacts("acme/app", 7001, "private", push=True, owner="acme",
                           owner_type="Organization")
    facts.codespace = CodespaceFacts("fluffy-space-guide-7x9q", _at(27, 8, 30), "Available",
                                     repository="acme/app")
    facts.secrets = _acr_secrets("user", True, "selected: acme/app is among its 2 repositories",
                                 _at(20, 9, 0))
    facts.packages = [PackageFacts("ghcr.io/acme/base:1", "acme", "base", "orgs", "public",
                                   "acme/base", "public")]
    facts.asked = {"user", "repository", "organization"}
    return facts


def github_problems() -> GithubFacts:
    """A public repository whose set is not granted, changed after the start, and an
    internal package; the organization's secrets could not be asked."""
    facts = GithubFacts("acme/app", calls=8, seconds=0.71, scopes=("codespace",
                                                                    "read:packages", "repo"),
                        rate_remaining=4981)
    facts.repo = RepoFacts("acme/app", 7001, "public", push=True, owner="acme",
                           owner_type="Organization")
    facts.codespace = CodespaceFacts("fluffy-space-guide-7x9q", _at(27, 8, 30), "Available",
                                     repository="acme/app")
    secrets = _acr_secrets("user", False, "selected: 1 repository, not acme/app", _at(27, 9, 5))
    secrets[1] = GithubSecret("ACR_CONTAINER_REGISTRY_USERNAME", "user", "ACR", "USER",
                              intended="ACR_CONTAINER_REGISTRY_USER", visibility="selected",
                              updated_at=_at(20, 9, 0), granted=False,
                              grant_note="selected: 1 repository, not acme/app")
    facts.secrets = secrets
    facts.packages = [
        PackageFacts("ghcr.io/acme/devcontainer-images/python:3.12", "acme",
                     "devcontainer-images/python", "orgs", "internal",
                     "acme/devcontainer-images", "internal"),
        PackageFacts("ghcr.io/acme/features/tools:1", "acme", "features/tools",
                     note="404 as an organization's and as a user's package: missing or not "
                          "visible to this token"),
    ]
    facts.unasked = [
        Unasked("organization secrets", "the token's scopes (codespace, read:packages, repo) "
                "lack `admin:org`", "scope", "admin:org"),
        Unasked("the package of ghcr.io/acme/features/tools:1", "404: missing or not visible "
                "to this token (GitHub answers 404 for what a token may not see)",
                "not-visible", "read:packages"),
    ]
    facts.asked = {"user", "repository"}
    return facts


def github_codespace_token() -> GithubFacts:
    """The codespace's own GITHUB_TOKEN: the repository answered, the rest was not asked."""
    facts = GithubFacts("acme/app", calls=2, seconds=0.31, codespace_token=True,
                        rate_remaining=4998)
    facts.repo = RepoFacts("acme/app", 7001, "private", push=True, owner="acme",
                           owner_type="Organization")
    note = "the codespace's own GITHUB_TOKEN is scoped to its repository and cannot list " \
           "secrets or read the codespace"
    facts.unasked = [Unasked(q, note, "scope", s) for q, s in (
        ("when the codespace started", "codespace"), ("user secrets", "codespace:secrets"),
        ("repository secrets", "repo"), ("organization secrets", "admin:org"))]
    facts.unasked.append(Unasked("the package of ghcr.io/acme/base:1", "403: the token may not "
                                 "ask; it needs `read:packages`", "scope", "read:packages"))
    return facts


def failing(options: Options) -> FakeDiagnosis:
    """A recovery codespace with a representative failure in every step."""
    context = _acr_context()
    context.recovery = True
    context.recovery_reason = "The dev container image could not be pulled."
    context.creation_log_class = "auth"
    context.image_sources = [".devcontainer/devcontainer.json: uses image; ignores "
                             "dockerComposeFile"]
    context.images.append(_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools:2",
                                 "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "tools", "2"))
    ecr_host = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    sets = [
        _set("ACR", "myco.azurecr.io", "myco-pull", CANARY + "\n", "acr", "myco.azurecr.io"),
        _set("ECR", ecr_host, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
             "ecr", ecr_host, source="codespaces-env-secrets"),
    ]
    ws = "ACR_CONTAINER_REGISTRY_PASSWORD ends with a newline: ••••⏎"
    results = {
        "context": _result("context", [
            finding("RECOVERY_MODE", "Recovery reason: The dev container image could not be "
                    "pulled."),
            finding("CREATION_LOG_ERROR", "class auth: `unauthorized: authentication required` "
                    "(creation.log line 42)"),
        ]),
        "secrets": _result("secrets", [
            finding("SECRETS_NOT_LOADED", "ECR is in .env-secrets but not in the environment.",
                    "Stop and start the codespace: `gh codespace stop -c fluffy-space-guide-7x9q`.",
                    secret_set="ECR"),
        ]),
        "naming": _result("naming", [
            finding("SECRET_VALUE_WHITESPACE", ws, "Set it again without the newline: "
                    "`gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app`.",
                    secret_set="ACR"),
            finding("SECRET_NAME_MISSPELLED", "ACR_CONTAINER_REGISTRY_USERNAME looks like "
                    "ACR_CONTAINER_REGISTRY_USER.", "`gh secret set ACR_CONTAINER_REGISTRY_USER "
                    "--user --repos acme/app`, then `gh secret delete "
                    "ACR_CONTAINER_REGISTRY_USERNAME --user`.", secret_set="ACR"),
            finding("IMAGE_REGISTRY_UNCOVERED", "registry.gitlab.com/acme/base:3 is on "
                    "registry.gitlab.com; no secret set names it.",
                    image="registry.gitlab.com/acme/base:3"),
        ]),
        "github": _result("github", [finding(
            "GITHUB_TOKEN_UNAVAILABLE", "No token: GH_TOKEN is not set; GITHUB_TOKEN is empty; "
            "`gh auth token` gave no token (gh is not logged in).")], note=NO_TOKEN),
        "login": _result("login", [
            finding("TLS_UNTRUSTED", "myco.azurecr.io:443 presented a certificate issued by "
                    "'Corp Proxy CA', which is not trusted.", secret_set="ACR", stage="tls"),
        ], seconds=0.41),
        "pull": _result("pull", [
            finding("IMAGE_NOT_FOUND", "tools:2 is not in 123456789012.dkr.ecr.eu-west-1."
                    "amazonaws.com/tools; close tags: 2.0, 2.1.", image=context.images[1].ref,
                    stage="manifest"),
        ], seconds=0.83),
        "ecr": _result("ecr", [
            finding("ECR_PERMISSION_MISSING", "arn:aws:iam::123456789012:user/ci may not call "
                    "ecr:BatchGetImage, ecr:GetDownloadUrlForLayer.", secret_set="ECR"),
            finding("AWS_ACCOUNT_MISMATCH", "The key belongs to 210987654321; the registry is "
                    "123456789012.", secret_set="ECR"),
        ], seconds=1.2),
    }
    script = {
        "login": [
            *_ladder_script("login", "ACR", LOGIN, "running", upto=3),
            Progress("login", "ECR", "credentials", "skip", "access key: checked in the ECR step"),
        ],
        "pull": _ladder_script("pull", context.images[0].ref, PULL)
        + _ladder_script("pull", context.images[1].ref, PULL, "fail", upto=2,
                         detail="IMAGE_NOT_FOUND"),
    }
    script_after = {
        "login": [Progress("login", "ACR", "tls", "fail", "TLS_UNTRUSTED: issuer Corp Proxy CA")],
    }
    ecr_data = EcrSetResult(
        prefix="ECR", host=ecr_host, mode="access key", probe="",
        identity_arn="arn:aws:iam::210987654321:user/ci",
        identity_account="210987654321",
        token_ok=True,
        actions={"ecr:GetAuthorizationToken": "allowed", "ecr:BatchGetImage": "denied",
                 "ecr:GetDownloadUrlForLayer": "denied"},
        policy='{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
               '"Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], '
               '"Resource": "arn:aws:ecr:eu-west-1:123456789012:repository/tools"}]}',
    )
    variables = [v for s in sets for v in (s.server, s.user, s.password)]
    fake = FakeDiagnosis(options, results, context=context, secret_sets=sets,
                         variables=variables, script=script, script_after=script_after,
                         github=GithubAccess("https://api.github.com", "acme/app",
                                             "GITHUB_REPOSITORY", None, ""))
    fake.handoff.ecr = {"ECR": ecr_data}
    return fake


def in_recovery(options: Options) -> FakeDiagnosis:
    """A codespace in recovery whose log names no failure and whose checks all pass."""
    passing = all_passing(options)
    context = _acr_context()
    context.recovery, context.recovery_reason = True, "Unable to create the dev container."
    passing.fixed_context = context
    passing.fixed_results["context"] = _result("context", [finding(
        "RECOVERY_MODE", "This codespace runs in a recovery container "
        "(CODESPACES_RECOVERY_CONTAINER=true). Recovery reason: “Unable to create the dev "
        "container.” The creation log names no failure.", severity=Severity.WARNING)])
    return passing


def github_step_problems(options: Options) -> FakeDiagnosis:
    """A passing codespace whose GitHub step finds grants, a change and an internal package."""
    fake = all_passing(options)
    fake.fixed_github_facts = github_problems()
    fake.fixed_results["github"] = _result("github", [
        finding("SECRET_NOT_GRANTED", "Set ACR: ACR_CONTAINER_REGISTRY_SERVER (user secret, "
                "selected: 1 repository, not acme/app); … exists on GitHub but is not granted "
                "to acme/app.", secret_set="ACR"),
        finding("SECRET_CHANGED_AFTER_START", "Set ACR: ACR_CONTAINER_REGISTRY_SERVER (user, "
                "changed 2026-11-27 09:05 UTC) changed on GitHub after this codespace last "
                "started (2026-11-27 08:30 UTC).", secret_set="ACR"),
        finding("GHCR_INTERNAL_PUBLIC_REPO", "ghcr.io/acme/devcontainer-images/python:3.12: the "
                "package is internal, and acme/app is public.",
                image="ghcr.io/acme/devcontainer-images/python:3.12"),
        finding("GITHUB_TOKEN_SCOPE", "Not asked: organization secrets: the token's scopes "
                "lack `admin:org` (organization owners only)."),
    ], seconds=0.71)
    return fake


def github_step_codespace_token(options: Options) -> FakeDiagnosis:
    """A passing codespace checked with its own GITHUB_TOKEN: most questions not asked."""
    fake = all_passing(options)
    fake.fixed_github = GithubAccess("https://api.github.com", "acme/app", "GITHUB_REPOSITORY",
                                     Secret(CANARY + "-gh"), "GITHUB_TOKEN")
    fake.fixed_github_facts = github_codespace_token()
    fake.fixed_results["github"] = _result("github", [
        finding("GITHUB_TOKEN_SCOPE", "The token is the codespace's own GITHUB_TOKEN, "
                "scoped to its repository. Not asked: user secrets, repository secrets, "
                "organization secrets, the package of ghcr.io/acme/base:1."),
    ], seconds=0.31)
    return fake


SCENARIOS = {
    "github-problems": github_step_problems,
    "github-codespace-token": github_step_codespace_token,
    "nothing": nothing_found,
    "recovery": in_recovery,
    "passing": all_passing,
    "failing": failing,
    "offline": failing,
}
