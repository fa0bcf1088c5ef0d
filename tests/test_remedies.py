"""The registry's words decide the cure (tui/logs/remedies.py, features.py): each rule on a
whole creation log of a codespace in recovery, with wordings other than the corpus samples."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import diagnose
from tests.test_log_findings import recovery_options, whole_log


def lead_of(tmp_path: Path, log: str, image: str, env: dict | None = None,
            features: dict | None = None):
    config = {"image": image}
    if features:
        config["features"] = features
    options = recovery_options(tmp_path, log, json.dumps(config))
    if env:
        options.environ.update(env)
    diagnosis = diagnose(options)
    first = diagnosis.first_fix()
    assert first is not None and first.lead
    return first, diagnosis


def test_a_missing_tag_is_not_an_access_problem(tmp_path: Path) -> None:
    image = "acme/tool:3.1"
    log = whole_log(f"Error response from daemon: manifest for {image} not found: manifest "
                    "unknown: manifest unknown", image=image)
    lead, diagnosis = lead_of(tmp_path, log, image)
    assert lead.code == "CREATION_LOG_ERROR"
    assert "`3.1` is not published" in lead.fix
    assert "secret" not in lead.fix.lower() and "docker login" not in lead.fix
    assert not [f for f in diagnosis.findings if f.code == "NO_REGISTRY_SECRETS"
                and f.severity.value == "error"]


def test_an_implicit_latest_is_said_as_such(tmp_path: Path) -> None:
    log = whole_log("Error response from daemon: manifest unknown", image="ghcr.io/acme/tool")
    lead, _ = lead_of(tmp_path, log, "ghcr.io/acme/tool")
    assert "`latest` was asked for" in lead.fix and "package settings" not in lead.fix.lower()


def test_ghcr_denied_names_a_private_and_a_missing_package(tmp_path: Path) -> None:
    image = "ghcr.io/octo-org/tools:1"
    log = whole_log('Error response from daemon: Head "https://ghcr.io/v2/octo-org/tools/'
                    'manifests/1": denied', image=image)
    lead, _ = lead_of(tmp_path, log, image)
    assert lead.code == "GHCR_PACKAGE_ACCESS" and lead.actor == "package-admin"
    assert "does not exist" in lead.fix and "visibility to public" in lead.fix
    assert "Manage Codespaces access" in lead.fix


def test_an_official_docker_hub_name_that_is_refused_does_not_exist(tmp_path: Path) -> None:
    log = whole_log("Error response from daemon: pull access denied for frobnicator, repository "
                    "does not exist or may require 'docker login': denied: requested access to "
                    "the resource is denied", image="frobnicator:1")
    lead, _ = lead_of(tmp_path, log, "frobnicator:1")
    assert "`OWNER/frobnicator`" in lead.fix and "secret" not in lead.fix.lower()


def test_an_official_image_refused_is_docker_hubs_fault(tmp_path: Path) -> None:
    log = whole_log("Error response from daemon: pull access denied for node, repository does "
                    "not exist or may require 'docker login': denied: requested access to the "
                    "resource is denied", image="node:20")
    lead, _ = lead_of(tmp_path, log, "node:20")
    assert lead.actor == "registry-admin" and "retry" in lead.fix.lower()


def test_docker_hubs_two_factor_hint_is_acted_on(tmp_path: Path) -> None:
    log = whole_log("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": "
                    "unauthorized: please use personal access token to login", image="acme/a:1")
    lead, _ = lead_of(tmp_path, log, "acme/a:1")
    assert "two-factor" in lead.fix and "personal access token" in lead.fix


def test_a_certificate_date_error_points_at_the_clock_first(tmp_path: Path) -> None:
    log = whole_log('Get "https://myco.azurecr.io/v2/": x509: certificate has expired or is not '
                    "yet valid: current time 2020-01-01T00:00:00Z is before 2026-01-01T00:00:00Z")
    lead, _ = lead_of(tmp_path, log, "myco.azurecr.io/app:1.0")
    assert "clock is behind" in lead.fix and "date -u" in lead.fix


def test_dns_names_the_host_that_did_not_resolve(tmp_path: Path) -> None:
    log = whole_log('Get "https://registry.example.net/v2/": dial tcp: lookup '
                    "registry.example.net on 10.0.0.2:53: no such host",
                    image="registry.example.net/app:1")
    lead, _ = lead_of(tmp_path, log, "registry.example.net/app:1")
    assert "DNS could not resolve `registry.example.net`" in lead.fix


def test_an_unreplaced_template_option_is_the_cause_not_the_platform(tmp_path: Path) -> None:
    log = whole_log("Error fetching image details: Could not parse image name "
                    "'mcr.microsoft.com/devcontainers/python:1-${templateOption:variant}'",
                    "invalid reference format", image="mcr.microsoft.com/x")
    lead, diagnosis = lead_of(tmp_path, log, "mcr.microsoft.com/devcontainers/python:1")
    assert lead.code == "IMAGE_REF_INVALID" and "templateOption:variant" in lead.fix
    assert "CODESPACES_PLATFORM_FAULT" not in [f.code for f in diagnosis.findings
                                               if f.severity.value != "info"]


def test_a_failing_dependency_names_the_feature_that_brings_it_in(tmp_path: Path) -> None:
    log = whole_log(
        "Resolving Feature dependencies for 'ghcr.io/acme/features/toolbox:2'...",
        "* Processing feature: ghcr.io/acme/features/toolbox:2",
        "* Processing feature: ghcr.io/devcontainers-contrib/features/node-tool",
        "Could not resolve Feature manifest for 'ghcr.io/devcontainers-contrib/features/"
        "node-tool'.  If necessary, provide registry credentials with 'docker login <registry>'.",
        image="mcr.microsoft.com/devcontainers/base:ubuntu")
    lead, _ = lead_of(tmp_path, log, "mcr.microsoft.com/devcontainers/base:ubuntu",
                      features={"ghcr.io/acme/features/toolbox:2": {}})
    assert lead.code == "FEATURE_UNREACHABLE"
    assert "`ghcr.io/acme/features/toolbox:2` brings it in" in lead.fix
    assert "ghcr.io/devcontainers-extra/features/node-tool" in lead.fix
    assert "docker login" not in lead.fix


def test_a_scope_note_only_when_a_token_was_sent(tmp_path: Path) -> None:
    image = "ghcr.io/octo-org/tools:1"
    line = ('Error response from daemon: Head "https://ghcr.io/v2/octo-org/tools/manifests/1": '
            "denied: permission_denied: read_package")
    _, diagnosis = lead_of(tmp_path, whole_log(line, image=image), image)
    assert not [f for f in diagnosis.findings if "read:packages" in f.detail]


def _near_miss(tmp_path: Path, image: str, server: str):
    from tests.helpers import make_options

    env = {"ACR_CONTAINER_REGISTRY_SERVER": server, "ACR_CONTAINER_REGISTRY_USER": "puller",
           "ACR_CONTAINER_REGISTRY_PASSWORD": "not-a-real-password-123"}
    options = make_options(tmp_path, env=env, workspace_files={
        ".devcontainer/devcontainer.json": json.dumps({"image": image})})
    diagnosis = diagnose(options)
    [near] = [f for f in diagnosis.findings if f.code == "IMAGE_SERVER_NEAR_MISS"]
    return near, diagnosis


def test_a_mixed_case_image_host_is_fixed_in_the_reference_not_the_secret(tmp_path: Path):
    near, diagnosis = _near_miss(tmp_path, "MyCo.azurecr.io/app:1", "myco.azurecr.io")
    assert "`myco.azurecr.io/app:1`" in near.fix and "Lower the host" in near.fix
    assert "gh secret set" not in near.fix
    assert near.lead and diagnosis.first_fix() == near


def test_the_same_ecr_account_in_another_region_is_a_region_mismatch(tmp_path: Path):
    near, _ = _near_miss(tmp_path, "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1",
                         "123456789012.dkr.ecr.eu-west-1.amazonaws.com")
    assert "another region" in near.detail
    assert "`eu-west-1`" in near.detail and "`us-west-2`" in near.detail


def test_a_log_with_no_failure_word_can_still_name_a_bad_reference(tmp_path: Path) -> None:
    """Docker's `invalid reference format` holds none of the words a failing line has; the
    log's remedies are read all the same (a start-up shortcut once skipped them)."""
    log = ("> docker pull Acme/Tools\n"
           "invalid reference format: repository name must be lowercase\n")
    lead, _diagnosis = lead_of(tmp_path, log, "Acme/Tools")
    assert lead.code == "IMAGE_REF_INVALID" and "lower" in lead.fix
