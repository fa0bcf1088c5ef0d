"""The secrets step: sources, sets, and the codes NO_REGISTRY_SECRETS, SECRET_SET_INCOMPLETE,
SECRET_EMPTY, SECRETS_NOT_LOADED and SECRETS_FILE_UNREADABLE."""

from __future__ import annotations

import base64
import hashlib

from tests.helpers import codes, make_options
from tests.test_naming import CANARY, acr, run, secret_set
from tui.checks.diagnosis import Diagnosis
from tui.checks.secrets import load_variables
from tui.model import Secret, Severity


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def env_secrets(values: dict[str, str]) -> dict[str, str]:
    """A `shared/.env-secrets` file holding `values`, base64-encoded as Codespaces writes it."""
    text = "".join(f"{name}={b64(value)}\n" for name, value in values.items())
    return {"shared/.env-secrets": text}


def only(diagnosis: Diagnosis, code: str):
    found = [f for f in diagnosis.findings if f.code == code]
    assert len(found) == 1, (code, codes(diagnosis))
    return found[0]


# ------------------------------------------------------------------ sources


def test_environment_variables_make_a_set(tmp_path):
    diagnosis = run(tmp_path, {**acr(), "PATH": "/bin", "HOME": "/root"})
    [found] = diagnosis.secret_sets
    assert (found.prefix, found.kind, found.host, found.source) == (
        "ACR", "acr", "myco.azurecr.io", "environment")
    assert isinstance(found.password.value, Secret)
    assert found.user.value == "acr-user"
    assert {v.name for v in diagnosis.variables} == set(acr()), "unrelated variables are dropped"
    assert codes(diagnosis, "secrets") == []


def test_env_file_overrides_the_environment(tmp_path):
    env_file = (
        "# local test values\n"
        "ACR_CONTAINER_REGISTRY_SERVER=myco.azurecr.io\n"
        "export ACR_CONTAINER_REGISTRY_USER='file-user'\n"
        f'ACR_CONTAINER_REGISTRY_PASSWORD="{CANARY}$HOME"\n'
    )
    options = make_options(tmp_path, env=acr(user="env-user", password="env-" + CANARY),
                           env_file=env_file)
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("secrets", "naming"))
    [found] = diagnosis.secret_sets
    assert found.user.value == "file-user" and found.user.source == "env-file"
    assert found.password.text == CANARY + "$HOME", "no interpolation: values stay verbatim"
    assert found.source == "env-file"
    assert codes(diagnosis) == []


def test_missing_env_file_is_a_finding(tmp_path):
    options = make_options(tmp_path, env=acr(), env_file=None)
    options.env_file = tmp_path / "nope.env"
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("secrets",))
    found = only(diagnosis, "SECRETS_FILE_UNREADABLE")
    assert found.severity is Severity.ERROR and "nope.env" in found.detail
    assert "does not exist" in found.detail


def test_env_file_bad_lines_are_named_not_shown(tmp_path):
    env_file = f"ACR_CONTAINER_REGISTRY_SERVER=myco.azurecr.io\nthis is {CANARY} oops\n"
    diagnosis = Diagnosis(make_options(tmp_path, env_file=env_file))
    diagnosis.run_all(("secrets",))
    found = only(diagnosis, "SECRETS_FILE_UNREADABLE")
    assert "line 2" in found.detail and CANARY not in found.detail


def test_env_file_not_utf8_is_a_finding(tmp_path):
    options = make_options(tmp_path, env_file="")
    options.env_file.write_bytes(b"ACR_CONTAINER_REGISTRY_PASSWORD=\xff\xfe\n")
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("secrets",))
    assert "UTF-8" in only(diagnosis, "SECRETS_FILE_UNREADABLE").detail


def test_env_secrets_base64_is_decoded(tmp_path):
    files = env_secrets(acr(password=CANARY))
    files["shared/.env-secrets"] += f"OTHER_TOKEN={b64('x')}\n"
    variables, problems = load_variables(make_options(tmp_path, codespaces_files=files))
    assert problems == []
    by_name = {v.name: v for v in variables}
    assert set(by_name) == set(acr())
    assert by_name["ACR_CONTAINER_REGISTRY_PASSWORD"].text == CANARY
    assert all(v.source == "codespaces-env-secrets" for v in variables)


def test_env_secrets_bad_lines_and_base64_are_findings(tmp_path):
    text = (f"ACR_CONTAINER_REGISTRY_SERVER={b64('myco.azurecr.io')}\n"
            "just garbage\n"
            "ACR_CONTAINER_REGISTRY_USER=%%%not-base64%%%\n")
    diagnosis = Diagnosis(make_options(tmp_path, codespaces_files={"shared/.env-secrets": text}))
    diagnosis.run_all(("secrets",))
    found = only(diagnosis, "SECRETS_FILE_UNREADABLE")
    assert "line 2" in found.detail and "line 3" in found.detail
    assert found.severity is Severity.WARNING


# ------------------------------------------------------------------ SECRETS_NOT_LOADED


def test_set_only_in_env_secrets_is_not_loaded(tmp_path):
    diagnosis = run(tmp_path, {"CODESPACE_NAME": "fuzzy-pancake-x7"},
                    codespaces_files=env_secrets(acr()))
    found = only(diagnosis, "SECRETS_NOT_LOADED")
    assert found.secret_set == "ACR"
    assert "gh codespace stop -c fuzzy-pancake-x7" in found.fix
    assert "NO_REGISTRY_SECRETS" not in codes(diagnosis)
    assert diagnosis.secret_sets[0].source == "codespaces-env-secrets"


def test_changed_secret_is_not_loaded_and_only_the_verdict_shows(tmp_path):
    diagnosis = run(tmp_path, acr(password="old-" + CANARY),
                    codespaces_files=env_secrets(acr(password=CANARY)))
    found = only(diagnosis, "SECRETS_NOT_LOADED")
    assert "differs from the value in .env-secrets" in found.detail
    assert f"({len(CANARY)} chars, password)" in found.detail
    for value in (CANARY, "old-" + CANARY):  # no hash, prefix or suffix of either value
        digest = hashlib.sha256(value.encode()).hexdigest()
        assert digest[:8] not in found.detail and value[:8] not in found.detail
        assert value[-8:] not in found.detail
    assert "gh codespace stop -c NAME" in found.fix


def test_loaded_secrets_raise_nothing(tmp_path):
    diagnosis = run(tmp_path, acr(), codespaces_files=env_secrets(acr()))
    assert "SECRETS_NOT_LOADED" not in codes(diagnosis)


def test_env_file_that_agrees_with_env_secrets_is_loaded(tmp_path):
    """The --env-file overrides the environment (SPEC), so it is judged as the environment:
    a file that agrees with .env-secrets is no SECRETS_NOT_LOADED, even with an empty
    environment or a stale one underneath."""
    env_file = "".join(f"{name}={value}\n" for name, value in acr().items())
    for index, env in enumerate([{}, acr(password="stale-" + CANARY)]):
        diagnosis = run(tmp_path / str(index), env, env_file=env_file,
                        codespaces_files=env_secrets(acr()))
        assert "SECRETS_NOT_LOADED" not in codes(diagnosis), env


def test_env_file_that_differs_from_env_secrets_says_so(tmp_path):
    env_file = "".join(f"{name}={value}\n" for name, value in
                       acr(password="file-" + CANARY).items())
    diagnosis = run(tmp_path, {**acr(), "GITHUB_REPOSITORY": "acme/app"}, env_file=env_file,
                    codespaces_files=env_secrets(acr()))
    found = only(diagnosis, "SECRETS_NOT_LOADED")
    assert "the `--env-file`'s is" in found.detail and "the environment's is" not in found.detail
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app" in found.fix
    assert "secrets.env" in found.fix and "stop and start" in found.fix


def test_env_file_without_the_set_still_reports_the_environment_gap(tmp_path):
    diagnosis = run(tmp_path, {}, env_file="OTHER=1\n", codespaces_files=env_secrets(acr()))
    assert "is not in the environment" in only(diagnosis, "SECRETS_NOT_LOADED").detail


# ------------------------------------------------------------------ NO_REGISTRY_SECRETS


def test_no_secrets_is_an_error_when_a_private_image_needs_them(tmp_path):
    diagnosis = run(tmp_path, {"GITHUB_REPOSITORY": "acme/app"}, ("myco.azurecr.io/app:1",))
    found = only(diagnosis, "NO_REGISTRY_SECRETS")
    assert found.severity is Severity.ERROR and found.image == "myco.azurecr.io/app:1"
    assert "gh secret set ACR_CONTAINER_REGISTRY_SERVER --user --repos acme/app" in found.fix


def test_no_secrets_is_info_for_ghcr_public_or_no_image(tmp_path):
    for index, images in enumerate([
        ("ghcr.io/acme/app:1",),
        ("mcr.microsoft.com/devcontainers/python:3.12", "ubuntu:24.04"),
        (),
    ]):
        diagnosis = run(tmp_path / str(index), {}, images)
        assert only(diagnosis, "NO_REGISTRY_SECRETS").severity is Severity.INFO, images


def test_no_secrets_mentions_near_misses(tmp_path):
    diagnosis = run(tmp_path, {"ACR_CONTAINER_REGISTRY_USERNAME": "u"})
    assert "ACR_CONTAINER_REGISTRY_USERNAME" in only(diagnosis, "NO_REGISTRY_SECRETS").detail


def test_any_set_means_no_no_registry_secrets(tmp_path):
    assert "NO_REGISTRY_SECRETS" not in codes(run(tmp_path, acr(), ("myco.azurecr.io/a:1",)))


# ------------------------------------------------------------------ incomplete, empty


def test_incomplete_set_names_the_missing_variable(tmp_path):
    diagnosis = run(tmp_path, {**secret_set("ACR", "myco.azurecr.io", "u", None),
                               "GITHUB_REPOSITORY": "acme/app"})
    found = only(diagnosis, "SECRET_SET_INCOMPLETE")
    assert found.secret_set == "ACR"
    assert "`ACR_CONTAINER_REGISTRY_PASSWORD`" in found.detail
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app" in found.fix
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --app codespaces" in found.fix


def test_incomplete_set_points_at_the_near_miss(tmp_path):
    env = {**secret_set("ACR", "myco.azurecr.io", None, CANARY),
           "ACR_CONTAINER_REGISTRY_USERNAME": "u"}
    assert "ACR_CONTAINER_REGISTRY_USERNAME" in only(
        run(tmp_path, env), "SECRET_SET_INCOMPLETE").detail


def test_complete_set_is_not_incomplete(tmp_path):
    assert "SECRET_SET_INCOMPLETE" not in codes(run(tmp_path, acr()))


def test_empty_and_blank_values(tmp_path):
    diagnosis = run(tmp_path, acr(password="", user="  "))
    empties = [f for f in diagnosis.findings if f.code == "SECRET_EMPTY"]
    assert sorted(f.detail.split("`")[1] for f in empties) == [
        "ACR_CONTAINER_REGISTRY_PASSWORD", "ACR_CONTAINER_REGISTRY_USER"]
    assert "SECRET_VALUE_WHITESPACE" not in codes(diagnosis), "blank is reported once, as empty"
    assert "SECRET_EMPTY" not in codes(run(tmp_path / "ok", acr()))


def test_secret_looking_user_is_masked(tmp_path):
    token = "ghp_" + CANARY
    variables, _ = load_variables(make_options(tmp_path, env=acr(user=token)))
    user = next(v for v in variables if v.name.endswith("_USER"))
    assert isinstance(user.value, Secret)
    assert "GITHUB_TOKEN" in {v.name for v in load_variables(
        make_options(tmp_path, env={"GITHUB_TOKEN": token}))[0]}


def test_kinds_and_hosts(tmp_path):
    env = {
        **secret_set("HUB", "https://index.docker.io/v1/", "me", "p1xxxxx"),
        **secret_set("ECR", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "AWS", "p2xxxxx"),
        **secret_set("GH", "ghcr.io", "me", "p3xxxxx"),
        **secret_set("GCR", "eu.gcr.io", "_json_key", "{}"),
        **secret_set("GAR", "europe-docker.pkg.dev", "_json_key", "{}"),
        **secret_set("LOCAL", "Registry.Example.com:5000", "me", "p4xxxxx"),
        **acr(),
    }
    diagnosis = run(tmp_path, env)
    assert {s.prefix: (s.kind, s.host) for s in diagnosis.secret_sets} == {
        "HUB": ("dockerhub", "docker.io"),
        "ECR": ("ecr", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
        "GH": ("ghcr", "ghcr.io"),
        "GCR": ("gcr", "eu.gcr.io"),
        "GAR": ("artifact-registry", "europe-docker.pkg.dev"),
        "LOCAL": ("generic", "registry.example.com:5000"),
        "ACR": ("acr", "myco.azurecr.io"),
    }


def test_unreadable_env_secrets_is_a_finding_not_a_crash(tmp_path):
    options = make_options(tmp_path, env=acr())
    (options.codespaces_dir / "shared" / ".env-secrets").mkdir(parents=True)
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("secrets", "naming"))
    assert "directory" in only(diagnosis, "SECRETS_FILE_UNREADABLE").detail
    assert "INTERNAL_ERROR" not in codes(diagnosis)


def test_no_env_secrets_file_is_fine(tmp_path):
    variables, problems = load_variables(make_options(tmp_path, env=acr()))
    assert problems == [] and len(variables) == 3


def test_incomplete_sets_split_by_identifier_point_at_the_rename_not_at_new_secrets(tmp_path):
    """ACR has SERVER+USER, AZURE has PASSWORD: the fix is one identifier, not a fourth secret."""
    from tests.helpers import diagnose, make_options

    env = {"ACR_CONTAINER_REGISTRY_SERVER": "myco.azurecr.io", "ACR_CONTAINER_REGISTRY_USER": "u",
           "AZURE_CONTAINER_REGISTRY_PASSWORD": "pw-123456"}
    diagnosis = diagnose(make_options(tmp_path, env=env), ("context", "secrets", "naming"))
    incomplete = [f for f in diagnosis.findings if f.code == "SECRET_SET_INCOMPLETE"]
    assert len(incomplete) == 2
    for item in incomplete:
        assert "SECRET_PREFIX_MISMATCH" in item.fix and "gh secret set" not in item.fix
    assert "SECRET_PREFIX_MISMATCH" in [f.code for f in diagnosis.findings]
