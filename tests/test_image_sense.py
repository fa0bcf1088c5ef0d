"""IMAGE_REF_INVALID: references that cannot be what was meant, judged offline by the context
step — and never a second, confusing "registry not covered" error for the same reference."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import codes, diagnose, make_options
from tests.test_naming import CANARY, acr, secret_set
from tui.model import Severity
from tui.registry.image_sense import artifact_guess, registry_host_only
from tui.workspace.imageref import parse_image_ref

STEPS = ("context", "secrets", "naming")


def devcontainer(image: str, **more) -> dict[str, str]:
    return {".devcontainer/devcontainer.json": json.dumps({"image": image, **more})}


def run(tmp_path, files: dict[str, str], env: dict[str, str] | None = None, **options):
    tmp_path.mkdir(parents=True, exist_ok=True)
    diagnosis = diagnose(make_options(tmp_path, env=env, workspace_files=files, **options), STEPS)
    for item in diagnosis.findings:
        assert CANARY not in item.detail + item.fix
        assert item.code != "INTERNAL_ERROR", item.detail
    return diagnosis


def invalid(diagnosis):
    found = [f for f in diagnosis.findings if f.code == "IMAGE_REF_INVALID"]
    assert len(found) == 1, codes(diagnosis)
    assert found[0].step == "context"
    return found[0]


def errors(diagnosis) -> list[str]:
    return [f.code for f in diagnosis.findings if f.severity is Severity.ERROR]


# --- only a registry host ---------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "docker_reads", "fix"), [
    ("myco.azurecr.io", "docker.io/library/myco.azurecr.io:latest",
     "`myco.azurecr.io/REPOSITORY:TAG`"),
    ("myco.azurecr.io:1.0", "docker.io/library/myco.azurecr.io:1.0",
     "`myco.azurecr.io/REPOSITORY:1.0`"),
    ("registry.example.com:5000", "docker.io/library/registry.example.com:5000",
     "`registry.example.com:5000/REPOSITORY:TAG`"),
])
def test_a_registry_host_alone_says_what_docker_makes_of_it(tmp_path, ref, docker_reads, fix):
    diagnosis = run(tmp_path, devcontainer(ref), acr())
    found = invalid(diagnosis)
    assert found.severity is Severity.ERROR and found.image == ref
    assert f"`{docker_reads}`" in found.detail and "Docker Hub" in found.detail
    assert fix in found.fix and ".devcontainer/devcontainer.json" in found.fix
    assert diagnosis.context.images == [], "nothing downstream judges docker's misreading"
    assert errors(diagnosis) == ["IMAGE_REF_INVALID"], "one cause, one error"


def test_a_reference_equal_to_a_sets_server_names_the_variable(tmp_path):
    env = secret_set("LOCAL", "localhost:5000", "me", CANARY)
    found = invalid(run(tmp_path, devcontainer("localhost:5000"), env))
    assert "`LOCAL_CONTAINER_REGISTRY_SERVER` names `localhost:5000`" in found.detail
    dotless = secret_set("LAN", "registry", "me", CANARY)
    found = invalid(run(tmp_path / "dotless", devcontainer("registry"), dotless))
    assert "`LAN_CONTAINER_REGISTRY_SERVER` names `registry`" in found.detail


def test_an_unknown_dotted_name_only_looks_like_a_host(tmp_path):
    """`node.js` may be a typo rather than a host: still no Docker Hub image, but said softer."""
    found = invalid(run(tmp_path, devcontainer("node.js"), acr()))
    assert "looks like only a registry host" in found.detail
    assert "is only a registry host" in invalid(
        run(tmp_path / "acr", devcontainer("myco.azurecr.io"), acr())).detail


def test_host_only_with_no_sets_gives_no_secret_error_either(tmp_path):
    diagnosis = run(tmp_path, devcontainer("myco.azurecr.io"))
    assert errors(diagnosis) == ["IMAGE_REF_INVALID"], [f.detail for f in diagnosis.findings]


@pytest.mark.parametrize("ref", ["ubuntu", "ubuntu:24.04", "python:3.12-bookworm",
                                 "myco.azurecr.io/app:1", "localhost:5000/team/app",
                                 "acme/app:1", "mcr.microsoft.com/devcontainers/base:ubuntu"])
def test_real_images_are_not_invalid(tmp_path, ref):
    diagnosis = run(tmp_path, devcontainer(ref), acr())
    assert "IMAGE_REF_INVALID" not in codes(diagnosis)
    assert [i.ref for i in diagnosis.context.images] == [ref]


def test_the_image_option_is_judged_too(tmp_path):
    found = invalid(run(tmp_path, {}, acr(), image="myco.azurecr.io"))
    assert "--image" in found.detail


# --- an unreplaced ${templateOption:…} ------------------------------------------------------


TEMPLATE_REF = "mcr.microsoft.com/devcontainers/python:1-${templateOption:imageVariant}"


@pytest.mark.parametrize("files", [
    devcontainer(TEMPLATE_REF),
    {".devcontainer/devcontainer.json": json.dumps({"build": {"dockerfile": "Dockerfile"}}),
     ".devcontainer/Dockerfile": f"FROM {TEMPLATE_REF}\nRUN true\n"},
    {".devcontainer/devcontainer.json": json.dumps(
        {"dockerComposeFile": "compose.yml", "service": "app"}),
     ".devcontainer/compose.yml": f"services:\n  app:\n    image: {TEMPLATE_REF}\n"},
], ids=["image", "dockerfile", "compose"])
def test_an_unreplaced_template_option_is_named_not_called_a_bad_tag(tmp_path, files):
    diagnosis = run(tmp_path, files, acr())
    found = invalid(diagnosis)
    assert "DEVCONTAINER_INVALID" not in codes(diagnosis)
    assert "${templateOption:imageVariant}" in found.detail
    assert "not a valid tag" not in found.detail
    assert "invalid reference format" in found.detail, "what docker makes of it"
    assert "Template option" in found.detail
    assert "devcontainer templates apply" in found.fix
    assert "Replace `${templateOption:imageVariant}`" in found.fix


def test_parse_error_names_the_template_option() -> None:
    with pytest.raises(ValueError, match=r"\$\{templateOption:variant\}.*Template option"):
        parse_image_ref("mcr.microsoft.com/devcontainers/base:${templateOption:variant}", "x")


# --- a Template or Feature id used as an image ------------------------------------------------


@pytest.mark.parametrize(("ref", "what", "fix"), [
    ("ghcr.io/devcontainers/templates/python", "Template",
     "devcontainer templates apply --template-id ghcr.io/devcontainers/templates/python"),
    ("ghcr.io/devcontainers/features/node:1", "Feature",
     '"features": {"ghcr.io/devcontainers/features/node:1": {}}'),
    ("ghcr.io/acme/tools/features/lint:2", "Feature", "`features`"),
])
def test_a_template_or_feature_id_as_image_is_invalid_offline(tmp_path, ref, what, fix):
    diagnosis = run(tmp_path, devcontainer(ref))
    found = invalid(diagnosis)
    assert found.severity is Severity.ERROR
    assert f"is a dev container {what} id" in found.detail and "not an image" in found.detail
    assert fix in found.fix
    assert errors(diagnosis) == ["IMAGE_REF_INVALID"], "no secret or coverage error besides"


def test_a_feature_looking_path_elsewhere_is_a_warning_and_not_uncovered(tmp_path):
    ref = "myco.azurecr.io/acme/features/tool:1"
    for index, env in enumerate([acr(server="quay.io"), {}]):
        diagnosis = run(tmp_path / str(index), devcontainer(ref), env)
        found = invalid(diagnosis)
        assert found.severity is Severity.WARNING and "looks like a dev container Feature" in (
            found.detail)
        assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)
        assert "NO_REGISTRY_SECRETS" not in errors(diagnosis)


def test_online_the_artifact_guess_is_left_to_the_pull_step(tmp_path):
    ref = "ghcr.io/devcontainers/templates/python"
    diagnosis = diagnose(make_options(tmp_path, workspace_files=devcontainer(ref),
                                      offline=False), ("context",))
    assert "IMAGE_REF_INVALID" not in codes(diagnosis)
    assert diagnosis.handoff.artifact_refs[ref].what == "Template"
    assert [i.ref for i in diagnosis.context.images] == [ref]


def test_features_under_features_are_not_judged_as_images(tmp_path):
    files = devcontainer("mcr.microsoft.com/devcontainers/base:ubuntu",
                         features={"ghcr.io/devcontainers/features/node:1": {}})
    diagnosis = run(tmp_path, files)
    assert "IMAGE_REF_INVALID" not in codes(diagnosis)
    assert errors(diagnosis) == []


# --- properties -------------------------------------------------------------------------------

REF_TEXT = st.one_of(
    st.sampled_from(["myco.azurecr.io", "localhost", "a.b:5000", "x/features/y", "features",
                     "ghcr.io/devcontainers/templates/python", "ubuntu", "a@sha256:" + "0" * 64]),
    st.from_regex(r"[a-z0-9.:/_-]{1,40}", fullmatch=True),
)


@settings(max_examples=200, deadline=None)
@given(text=REF_TEXT, hosts=st.lists(st.from_regex(r"[a-z0-9.:-]{1,20}", fullmatch=True),
                                     max_size=3))
def test_the_judges_never_crash_and_host_only_means_one_segment(text, hosts) -> None:
    try:
        image = parse_image_ref(text, "test")
    except ValueError:
        return
    host = registry_host_only(image, hosts)
    if host is not None:
        assert "/" not in image.ref.split("@", 1)[0] and image.host == "docker.io"
    guess = artifact_guess(image)
    assert guess is None or guess.what.split()[0] in ("Feature", "Template")
