"""Fixes that never contradict: one cause gives one error, no fix says that no set names a
registry when one does, and no fix repeats a wrong configured value as the target."""

from __future__ import annotations

import re

import pytest

from tests.helpers import codes, diagnose, make_options
from tests.test_login import lab_diagnosis, make_set
from tests.test_naming import CANARY, acr, run, secret_set
from tests.test_pull import image as lab_image
from tests.test_pull import run_pull
from tui.model import Severity
from tui.record import replace
from tui.registry.findings import Subject, finding_from
from tui.registry.probe.errors import ProbeFailure
from tui.workspace.imageref import parse_image_ref

HUB_SERVER = "https://index.docker.io/v1/"
NO_SET_WORDS = re.compile(r"no secret set names|No secret set names|There are no secret sets")
WRONG_HUB_TARGET = re.compile(r"(?:SERVER is|exactly|=|to) `(?:docker\.io|index\.docker\.io|"
                              r"registry-1\.docker\.io|hub\.docker\.com)`")


def texts(diagnosis) -> list[str]:
    return [f"{f.code}: {f.detail} || {f.fix}" for f in diagnosis.findings]


def errors(diagnosis) -> list[str]:
    return [f.code for f in diagnosis.findings if f.severity is Severity.ERROR]


# --- one cause, one error ---------------------------------------------------------------------


def test_no_sets_and_a_private_image_is_one_error(tmp_path):
    diagnosis = run(tmp_path, {"GITHUB_REPOSITORY": "acme/app"},
                    ("myco.azurecr.io/app:1", "myco.azurecr.io/tools:2", "quay.io/acme/x:1"))
    assert errors(diagnosis) == ["NO_REGISTRY_SECRETS"], texts(diagnosis)
    [found] = [f for f in diagnosis.findings if f.code == "NO_REGISTRY_SECRETS"]
    for ref in ("myco.azurecr.io/app:1", "myco.azurecr.io/tools:2", "quay.io/acme/x:1"):
        assert f"`{ref}`" in found.detail
    assert "gh secret set ACR_CONTAINER_REGISTRY_SERVER --user --repos acme/app" in found.fix
    assert "`quay.io`" in found.fix, "the other registry is named in the fix too"


def test_no_sets_with_names_to_rename_gives_no_create_advice(tmp_path):
    """`CONTAINER_REGISTRY_*` without an identifier: the fix is a rename, and no second error
    tells the user to create a new set."""
    env = {"CONTAINER_REGISTRY_SERVER": "myco.azurecr.io", "CONTAINER_REGISTRY_USER": "u",
           "CONTAINER_REGISTRY_PASSWORD": CANARY}
    diagnosis = run(tmp_path, env, ("myco.azurecr.io/app:1",))
    assert errors(diagnosis) == ["NO_REGISTRY_SECRETS"], texts(diagnosis)
    assert not any("Create three secrets" in f.fix for f in diagnosis.findings), texts(diagnosis)


def test_the_naming_step_alone_still_reports_the_uncovered_registry(tmp_path):
    options = make_options(tmp_path)
    from tui.checks.diagnosis import Diagnosis

    diagnosis = Diagnosis(options)
    diagnosis.context.images = [parse_image_ref("myco.azurecr.io/app:1", "devcontainer.json")]
    diagnosis.run_step("naming")
    assert codes(diagnosis) == ["IMAGE_REGISTRY_UNCOVERED"]


# --- no "no set names it" when one does ---------------------------------------------------------


SETS_NAMING_THE_HOST = {
    "incomplete": secret_set("ACR", "myco.azurecr.io", "u", None),
    "case": acr(server="MyCo.azurecr.io"),
    "typo": acr(server="myco.azurecr.oi"),
    "port": acr(server="myco.azurecr.io:443"),
    "invalid-server": acr(server="myco.azurecr.io app"),
    "user-in-server": acr(server="u@myco.azurecr.io"),
}


@pytest.mark.parametrize("env", SETS_NAMING_THE_HOST.values(), ids=SETS_NAMING_THE_HOST.keys())
def test_a_set_that_names_the_registry_is_never_called_missing(tmp_path, env):
    diagnosis = run(tmp_path, env, ("myco.azurecr.io/app:1",))
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis), texts(diagnosis)
    assert "NO_REGISTRY_SECRETS" not in codes(diagnosis)
    for text in texts(diagnosis):
        assert not NO_SET_WORDS.search(text), text
        assert "Create three secrets" not in text, text


def test_an_invalid_server_naming_the_host_is_a_near_miss(tmp_path):
    diagnosis = run(tmp_path, acr(server="myco.azurecr.io app"), ("myco.azurecr.io/app:1",))
    [near] = [f for f in diagnosis.findings if f.code == "IMAGE_SERVER_NEAR_MISS"]
    assert "SERVER_INVALID" in near.detail and "`myco.azurecr.io`" in near.fix
    assert "SERVER_INVALID" in codes(diagnosis)


def test_uncovered_lists_an_unusable_server_as_such(tmp_path):
    diagnosis = run(tmp_path, acr(server="ftp://other.example.com"), ("quay.io/acme/app:1",))
    [found] = [f for f in diagnosis.findings if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert "`ACR` → `an invalid SERVER (see SERVER_INVALID)`" in found.detail
    assert "`?`" not in found.detail


# --- never a wrong configured value as the target -----------------------------------------------


@pytest.mark.parametrize("server", ["docker.io", "index.docker.io", "registry-1.docker.io",
                                    "https://docker.io", "hub.docker.com"])
def test_a_docker_hub_set_with_a_wrong_server_is_told_the_documented_value(tmp_path, server):
    env = {**secret_set("DOCKERHUB", server, "me", CANARY), "CODESPACES": "true"}
    diagnosis = run(tmp_path, env, ("acme/private-app:1",))
    [found] = [f for f in diagnosis.findings if f.code == "DOCKERHUB_SERVER_VALUE"]
    assert f"exactly `{HUB_SERVER}`" in found.fix
    for text in texts(diagnosis):
        assert not WRONG_HUB_TARGET.search(text.split(" || ", 1)[1]), text


def test_a_docker_hub_typo_is_told_the_documented_value_not_docker_io(tmp_path):
    diagnosis = run(tmp_path, secret_set("HUB", "dockerr.io", "me", CANARY),
                    ("acme/private-app:1",))
    [near] = [f for f in diagnosis.findings if f.code == "IMAGE_SERVER_NEAR_MISS"]
    assert f"exactly `{HUB_SERVER}`" in near.fix
    assert not WRONG_HUB_TARGET.search(near.fix), near.fix


def test_docker_hub_uncovered_and_no_sets_name_the_documented_value(tmp_path):
    for index, env in enumerate([acr(), {}]):
        diagnosis = run(tmp_path / str(index), env, ("acme/private-app:1",))
        [found] = [f for f in diagnosis.findings
                   if f.code in ("IMAGE_REGISTRY_UNCOVERED", "NO_REGISTRY_SECRETS")]
        assert f"`{HUB_SERVER}`" in found.fix and "DOCKERHUB_CONTAINER_REGISTRY_" in found.fix
        assert not WRONG_HUB_TARGET.search(found.fix), found.fix


def test_pull_denied_on_docker_hub_without_a_set_names_the_documented_value():
    image = parse_image_ref("acme/private-app:1", ".devcontainer/devcontainer.json")
    failure = ProbeFailure("PULL_DENIED", "manifest", "Anonymous access may not read it.")
    found = finding_from(failure, Subject(host=image.host, step="pull", image=image,
                                          repo="acme/app"))
    assert f"`{HUB_SERVER}`" in found.fix
    assert "gh secret set DOCKERHUB_CONTAINER_REGISTRY_SERVER --user --repos acme/app" in found.fix
    assert not WRONG_HUB_TARGET.search(found.fix), found.fix


# --- the pull step, against the real lab ------------------------------------------------------


@pytest.mark.lab
def test_pull_denied_points_at_an_incomplete_set_not_at_a_new_one(tmp_path, lab_registries):
    reg = lab_registries.token
    diagnosis = lab_diagnosis(tmp_path)
    incomplete = replace(make_set("LAB", reg.host, "puller", "x"), password=None)
    findings, _ = run_pull(diagnosis, lab_image(reg.host, "team/app"), sets=[incomplete])
    assert [f.code for f in findings] == ["PULL_DENIED"]
    assert "set `LAB` is incomplete" in findings[0].fix
    assert not NO_SET_WORDS.search(findings[0].fix) and "Create three" not in findings[0].fix


@pytest.mark.lab
def test_pull_denied_points_at_a_near_miss_set(tmp_path, lab_registries):
    reg = lab_registries.basic_tls
    diagnosis = lab_diagnosis(tmp_path, ca_file=lab_registries.ca_file)
    upper = reg.host.replace("localhost", "LOCALHOST")
    findings, _ = run_pull(diagnosis, lab_image(reg.host, "team/app"),
                           sets=[make_set("LAB", upper, "alice", reg.users["alice"])])
    assert "set `LAB` names" in findings[0].fix and "IMAGE_SERVER_NEAR_MISS" in findings[0].fix
    assert not NO_SET_WORDS.search(findings[0].fix)


def test_every_finding_of_a_full_offline_run_agrees_with_the_sets(tmp_path):
    """A mixed workspace: Hub set with `docker.io`, an incomplete ACR set and a private image on
    each; no fix tells the user to create a set that exists or to name `docker.io`."""
    env = {**secret_set("DOCKERHUB", "docker.io", "me", CANARY),
           **secret_set("ACR", "myco.azurecr.io", "u", None)}
    files = {".devcontainer/devcontainer.json":
             '{"image": "myco.azurecr.io/app:1", "features": {"acme/x": {}}}'}
    diagnosis = diagnose(make_options(tmp_path, env=env, workspace_files=files),
                         ("context", "secrets", "naming"))
    for text in texts(diagnosis):
        assert not NO_SET_WORDS.search(text), text
        assert not WRONG_HUB_TARGET.search(text.split(" || ", 1)[1]), text


@pytest.mark.lab
@pytest.mark.parametrize(("env", "code"), [({}, "NO_REGISTRY_SECRETS"),
                                           (acr(), "IMAGE_REGISTRY_UNCOVERED")])
def test_an_uncovered_private_image_is_one_error_through_the_pull_step(
        tmp_path, lab_registries, env, code):
    """The secrets or naming step asks for a set; the pull's anonymous refusal on that
    registry is the same cause, kept as evidence (info), not a second error."""
    import json

    from tui.checks.diagnosis import Diagnosis

    ref = f"{lab_registries.token.host}/team/private:1.0"
    files = {".devcontainer/devcontainer.json": json.dumps({"image": ref})}
    diagnosis = Diagnosis(make_options(tmp_path, env=env, workspace_files=files, offline=False,
                                       no_daemon=True, timeout=2.0))
    diagnosis.run_all(("context", "secrets", "naming", "pull"))
    assert errors(diagnosis) == [code], texts(diagnosis)
    [denied] = [f for f in diagnosis.findings if f.code == "PULL_DENIED"]
    assert denied.severity is Severity.INFO and f"confirms {code}" in denied.detail


def test_a_missing_server_is_asked_for_with_docker_hubs_documented_value(tmp_path):
    """An incomplete set without SERVER: the fix never leaves Docker Hub's value to a guess."""
    diagnosis = run(tmp_path, secret_set("DOCKERHUB", None, "me", CANARY), ("acme/app:1",))
    [found] = [f for f in diagnosis.findings if f.code == "SECRET_SET_INCOMPLETE"]
    assert f"exactly `{HUB_SERVER}`" in found.fix
