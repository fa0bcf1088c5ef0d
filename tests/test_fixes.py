"""Fixes are filled in (names, repository, codespace), say how to check, and hold no value."""

from __future__ import annotations

import re

from tests.helpers import make_options
from tests.test_naming import AKIA, CANARY, SECRET_KEY, acr, run, secret_set
from tui.checks.diagnosis import Diagnosis
from tui.secretsets import fixes

BROKEN = {
    **acr(server="https://MyCo.azurecr.io/app", user=" acr-user", password=f'"{CANARY}"\n'),
    "ACR_CONTAINER_REGISTRY_USERNAME": "acr-user",
    **secret_set("ECR", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", SECRET_KEY, AKIA),
    **secret_set("HUB", "docker.io", "me@example.com", CANARY + "-hub"),
    **secret_set("PART", "registry.example.com", None, CANARY + "-part"),
    "GITHUB_REPOSITORY": "acme/app",
    "CODESPACE_NAME": "fuzzy-pancake-x7",
}
IMAGES = ("myco.azurecr.io/app:1", "quay.io/acme/app:2")
GH = re.compile(r"`(gh [^`]+)`")


def test_every_fix_is_filled_in_and_verifiable(tmp_path):
    diagnosis = run(tmp_path, BROKEN, IMAGES)
    assert len(diagnosis.findings) >= 8
    for item in diagnosis.findings:
        assert item.fix.strip(), item.code
        assert "OWNER/REPO" not in item.fix, (item.code, item.fix)
        assert SECRET_KEY not in item.fix + item.detail, item.code
        for command in GH.findall(item.fix):
            assert "NAME" not in command.split(), (item.code, command)
            if command.startswith("gh secret set "):
                assert command.endswith(("--user --repos acme/app", "--app codespaces")), command
            elif command.startswith("gh codespace stop"):
                assert command == "gh codespace stop -c fuzzy-pancake-x7", command
            else:
                assert command.startswith(("gh secret delete ", "gh secret list --user")), command
        if item.severity.value != "info":
            assert "registry-doctor check" in item.fix, (item.code, item.fix)


def test_secret_set_commands_use_the_repository(tmp_path):
    diagnosis = run(tmp_path, BROKEN, IMAGES)
    commands = {c for f in diagnosis.findings for c in GH.findall(f.fix)}
    assert "gh secret set ACR_CONTAINER_REGISTRY_SERVER --user --repos acme/app" in commands
    assert "gh secret delete ACR_CONTAINER_REGISTRY_USERNAME --user" in commands
    assert "gh secret set PART_CONTAINER_REGISTRY_USER --app codespaces" in commands
    assert any(c.startswith("gh codespace stop -c fuzzy-pancake-x7") for c in commands)


def test_placeholder_repository_when_unknown(tmp_path):
    diagnosis = run(tmp_path, secret_set("ACR", "myco.azurecr.io", "u", None))
    [found] = [f for f in diagnosis.findings if f.code == "SECRET_SET_INCOMPLETE"]
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos OWNER/REPO" in found.fix
    assert "gh codespace stop -c NAME" in found.fix


def test_env_file_values_are_fixed_in_the_file(tmp_path):
    options = make_options(tmp_path, env_file="ACR_CONTAINER_REGISTRY_SERVER=https://myco.azurecr.io\n"
                           "ACR_CONTAINER_REGISTRY_USER=u\n"
                           f"ACR_CONTAINER_REGISTRY_PASSWORD={CANARY}\n")
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("secrets", "naming"))
    [found] = [f for f in diagnosis.findings if f.code == "SERVER_HAS_SCHEME"]
    assert str(options.env_file) in found.fix and "`myco.azurecr.io`" in found.fix
    assert "registry-doctor check" in found.fix


def test_builders():
    where = fixes.Where(repository="acme/app", codespace_name="cs-1")
    assert fixes.gh_secret_set_user("A_CONTAINER_REGISTRY_USER", where) == (
        "gh secret set A_CONTAINER_REGISTRY_USER --user --repos acme/app")
    assert fixes.gh_secret_set_repo("X") == "gh secret set X --app codespaces"
    assert fixes.gh_secret_delete("OLD") == "gh secret delete OLD --user"
    assert fixes.gh_secret_list() == "gh secret list --user"
    assert "gh codespace stop -c cs-1" in fixes.restart(where)
    assert "OWNER/REPO" in fixes.gh_secret_set_user("X", fixes.Where())
    text = fixes.rename_secret("OLD", "NEW", where)
    assert "gh secret set NEW --user --repos acme/app" in text
    assert "gh secret delete OLD --user" in text and "registry-doctor check" in text
    assert "gh secret list --user" in fixes.reload_secrets(where)
