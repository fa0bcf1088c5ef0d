"""Whole creation logs as Codespaces writes them, joined with the other evidence.

The logs here are written in Codespaces' format (timestamped lines, the dev containers CLI's
outcome JSON, `Creating recovery container.` and the recovery container's own pull after it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import codes, diagnose, make_options
from tui.logs.reader import read_text
from tui.report.summary import verdict

RECOVERY_ENV = {"CODESPACES": "true", "CODESPACES_RECOVERY_CONTAINER": "true",
                "GITHUB_REPOSITORY": "octo-org/app", "CODESPACE_NAME": "octo-app-q7"}
OUTCOME = ('{"outcome":"error","message":"Command failed: docker pull %s",'
           '"description":"An error occurred setting up the container."}')


def whole_log(*failing: str, image: str = "myco.azurecr.io/app:1.0") -> str:
    """A creation log: the CLI starts, pulls `image`, fails with `failing`, then recovers."""
    ts = "2026-11-30 09:14:{:02d}.{:03d}Z: "
    lines = [
        "=== Creating container ===",
        "@devcontainers/cli 0.80.3. Node.js v18.20.6. linux 6.8.0-1030-azure x64.",
        f"Start: Run: docker pull {image}",
        *failing,
        OUTCOME % image,
        "devcontainer process exited with exit code 1",
        "Error code: 1302 (UnifiedContainersErrorFatalCreatingContainer)",
        "Container creation failed.",
        "Creating recovery container.",
        "Start: Run: docker pull mcr.microsoft.com/devcontainers/base:alpine",
        "alpine: Pulling from devcontainers/base",
        "Digest: sha256:" + "ab" * 32,
        "Status: Downloaded newer image for mcr.microsoft.com/devcontainers/base:alpine",
        "Container started",
    ]
    return "\n".join(ts.format(i % 60, i * 7 % 1000) + line for i, line in enumerate(lines))


def recovery_options(tmp_path: Path, log: str, devcontainer: str, **overrides):
    return make_options(
        tmp_path, env=RECOVERY_ENV,
        workspace_files={".devcontainer/devcontainer.json": devcontainer},
        codespaces_files={".persistedshare/creation.log": log,
                          ".persistedshare/RECOVERY-REASON-FILE": "container error"},
        **overrides,
    )


def test_the_failure_before_the_recovery_container_decides() -> None:
    log = whole_log('Error response from daemon: Head "https://myco.azurecr.io/v2/app/manifests/'
                    '1.0": unauthorized: authentication required')
    reading = read_text(log)
    assert reading.recovery_marker
    assert reading.verdict is not None and reading.verdict.klass == "auth"
    assert "unauthorized" in reading.verdict.line
    assert reading.verdict.reference == "myco.azurecr.io/app:1.0"


def test_the_recovery_containers_own_pull_is_not_read() -> None:
    # after the marker, a line that would match (here: a toomanyrequests retry) is ignored
    log = whole_log("Error response from daemon: manifest for myco.azurecr.io/app:1.0 not found:"
                    " manifest unknown: manifest unknown")
    log += "\n2026-11-30 09:15:00.000Z: toomanyrequests: retrying the recovery image"
    reading = read_text(log)
    assert reading.verdict is not None and reading.verdict.klass == "not-found"


def test_the_cli_fallback_line_yields_to_the_pulls_own_error() -> None:
    # the CLI says "No manifest found" whenever it cannot read a manifest, then runs docker pull
    log = whole_log(
        "Error fetching image details: No manifest found for myco.azurecr.io/app:1.0.",
        "Error response from daemon: Get \"https://myco.azurecr.io/v2/\": denied: client with IP "
        "'203.0.113.7' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.",
    )
    reading = read_text(log)
    assert reading.verdict is not None and reading.verdict.klass == "firewall"


def test_an_unknown_failure_quotes_its_lines_and_is_an_error_in_recovery(tmp_path: Path) -> None:
    log = whole_log("Error: the frobnicator returned 42 for myco.azurecr.io/app:1.0")
    options = recovery_options(tmp_path, log, '{"image": "myco.azurecr.io/app:1.0"}')
    diagnosis = diagnose(options, ("context",))
    [found] = [f for f in diagnosis.findings if f.code == "CREATION_LOG_UNCLASSIFIED"]
    assert found.severity.value == "error"
    assert "frobnicator returned 42" in found.detail
    assert "UnifiedContainersErrorFatalCreatingContainer" in found.detail
    assert "2026-11-30" not in found.detail  # timestamps are dropped from the quotes
    assert "CREATION_LOG_ERROR" not in codes(diagnosis)


def test_an_outcome_line_alone_is_evidence_of_failure_not_a_cause() -> None:
    reading = read_text("Error code: 1302 (UnifiedContainersErrorFatalCreatingContainer)\n"
                        "Container creation failed.\nCreating recovery container.\n")
    assert reading.verdict is None
    assert reading.failed and any("1302" in line for line in reading.failing)


def test_unknown_failure_is_lowered_when_the_config_itself_is_broken(tmp_path: Path) -> None:
    log = whole_log("Error: the frobnicator returned 42")
    options = recovery_options(tmp_path, log, '{"image": ')
    diagnosis = diagnose(options, ("context",))
    assert "DEVCONTAINER_INVALID" in codes(diagnosis)
    [found] = [f for f in diagnosis.findings if f.code == "CREATION_LOG_UNCLASSIFIED"]
    assert found.severity.value == "info"  # lowered: DEVCONTAINER_INVALID is the lead
    assert [f.code for f in diagnosis.findings if f.lead] == ["DEVCONTAINER_INVALID"]


def test_a_platform_fault_gives_no_secret_advice(tmp_path: Path) -> None:
    log = whole_log("2026-11-30 09:14:03.000Z: failed to register layer: write /usr/lib/x: no "
                    "space left on device")
    options = recovery_options(tmp_path, log, '{"image": "myco.azurecr.io/app:1.0"}')
    diagnosis = diagnose(options, ("context",))
    assert codes(diagnosis) == ["RECOVERY_MODE", "CODESPACES_PLATFORM_FAULT"]
    [fault] = [f for f in diagnosis.findings if f.code == "CODESPACES_PLATFORM_FAULT"]
    assert "no space left" in fault.detail
    assert "secret" not in fault.fix.lower().replace("nothing in the secrets", "")
    assert "gh codespace rebuild -c octo-app-q7" in fault.fix


def test_a_private_feature_gives_feature_unreachable(tmp_path: Path) -> None:
    log = whole_log(
        "[3323 ms] Could not resolve Feature manifest for 'ghcr.io/octo-org/features/tool:1'.  "
        "If necessary, provide registry credentials with 'docker login <registry>'.",
    )
    config = ('{"image": "mcr.microsoft.com/devcontainers/base:ubuntu", '
              '"features": {"ghcr.io/octo-org/features/tool:1": {}}}')
    diagnosis = diagnose(recovery_options(tmp_path, log, config), ("context",))
    [found] = [f for f in diagnosis.findings if f.code == "FEATURE_UNREACHABLE"]
    assert "`ghcr.io/octo-org/features/tool:1`" in found.detail
    assert "Manage Codespaces access" in found.fix and "`octo-org/app`" in found.fix
    assert "CREATION_LOG_ERROR" not in codes(diagnosis)


@pytest.mark.parametrize(
    ("repository", "image", "case_words", "fix_words"),
    [
        ("octo-org/app", "ghcr.io/octo-org/app:1", "Inherit access from repository",
         "tick “Inherit access from repository”"),
        ("octo-org/app", "ghcr.io/octo-org/base-image:1", "same owner",
         "add `octo-org/app` with the Read role"),
        ("octocat/app", "ghcr.io/octo-org/app:1", "fork", "Ask `octo-org` to add `octocat/app`"),
    ],
)
def test_a_ghcr_denial_names_the_guides_case_offline(
    tmp_path: Path, repository: str, image: str, case_words: str, fix_words: str
) -> None:
    path = image.removeprefix("ghcr.io/").replace(":", "/manifests/")
    log = whole_log(f'Error response from daemon: Head "https://ghcr.io/v2/{path}": denied',
                    image=image)
    env = {**RECOVERY_ENV, "GITHUB_REPOSITORY": repository}
    options = make_options(tmp_path, env=env,
                           workspace_files={".devcontainer.json": f'{{"image": "{image}"}}'},
                           codespaces_files={".persistedshare/creation.log": log})
    diagnosis = diagnose(options, ("context",))
    [access] = [f for f in diagnosis.findings if f.code == "GHCR_PACKAGE_ACCESS"]
    assert access.image == image
    assert case_words in access.detail or case_words in access.fix
    assert fix_words in access.fix
    [log_error] = [f for f in diagnosis.findings if f.code == "CREATION_LOG_ERROR"]
    assert "`denied`" in log_error.detail
    assert "secret set" not in log_error.fix  # GHCR needs package access, not secrets


def test_a_docker_hub_auth_failure_names_the_documented_server_value(tmp_path: Path) -> None:
    log = whole_log("Error response from daemon: pull access denied for octo/private, repository "
                    "does not exist or may require 'docker login': denied: requested access to "
                    "the resource is denied", image="octo/private:1")
    options = recovery_options(tmp_path, log, '{"image": "octo/private:1"}')
    [log_error] = [f for f in diagnose(options, ("context",)).findings
                   if f.code == "CREATION_LOG_ERROR"]
    assert "`https://index.docker.io/v1/`" in log_error.fix
    assert "`docker.io`" not in log_error.fix
    assert "no set" not in log_error.fix.lower()
    # Docker Hub words a missing and a private repository alike: the fix names both
    assert "does not exist" in log_error.fix and "private" in log_error.fix


def test_recovery_with_a_silent_log_never_says_no_problems(tmp_path: Path) -> None:
    options = recovery_options(tmp_path, "Container started\n", '{"image": "mcr.microsoft.com/'
                               'devcontainers/base:ubuntu"}')
    diagnosis = diagnose(options)
    sentence = verdict(diagnosis).sentence
    assert "No problems found" not in sentence
    assert sentence.startswith("The codespace is in recovery mode but no check found the cause")
    assert diagnosis.findings[0].code == "RECOVERY_MODE"
    assert diagnosis.findings[0].severity.value == "warning"
