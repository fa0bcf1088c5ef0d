"""The names-and-values step: every code raised by a realistic input, and not by a close one."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from tests.helpers import FIXED_NOW, codes, make_options
from tui.checks.diagnosis import Diagnosis
from tui.model import Severity
from tui.workspace.imageref import parse_image_ref

CANARY = "Canary-Pa55w0rd-7f3e9Q"
"""Planted in passwords: must never appear in any finding."""

AKIA = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ECR_SERVER = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"


def secret_set(prefix: str, server: str | None, user: str | None,
               password: str | None) -> dict[str, str]:
    """The three variables of one set (None leaves one out)."""
    values = {"SERVER": server, "USER": user, "PASSWORD": password}
    return {f"{prefix}_CONTAINER_REGISTRY_{k}": v for k, v in values.items() if v is not None}


def acr(server: str = "myco.azurecr.io", user: str = "acr-user",
        password: str = CANARY) -> dict[str, str]:
    return secret_set("ACR", server, user, password)


def ecr_token(expires: int) -> str:
    """A registry token shaped like ECR's: base64 JSON with an `expiration`."""
    body = {"payload": CANARY, "datakey": "k", "version": "2", "type": "DATA_KEY",
            "expiration": expires}
    return base64.b64encode(json.dumps(body).encode()).decode()


def gcr_key() -> str:
    return json.dumps({
        "type": "service_account", "project_id": "p", "private_key_id": "1",
        "private_key": f"-----BEGIN PRIVATE KEY-----\\n{CANARY}\\n-----END PRIVATE KEY-----\\n",
        "client_email": "puller@p.iam.gserviceaccount.com",
    }, indent=2)


def run(tmp_path, env: dict[str, str], images: tuple[str, ...] = (), **overrides) -> Diagnosis:
    """Run the secrets and naming steps with `images` as the workspace's images."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    options = make_options(tmp_path, env=env, **overrides)
    diagnosis = Diagnosis(options)
    diagnosis.context.images = [
        parse_image_ref(ref, source=".devcontainer/devcontainer.json") for ref in images
    ]
    diagnosis.run_all(("secrets", "naming"))
    for item in diagnosis.findings:
        text = item.title + item.detail + item.fix
        assert CANARY not in text, item
        assert item.code != "INTERNAL_ERROR", item.detail
    return diagnosis


def by_code(diagnosis: Diagnosis, code: str):
    found = [f for f in diagnosis.findings if f.code == code]
    assert found, f"{code} not raised: {codes(diagnosis)}"
    return found[0]


NOW_TS = int(FIXED_NOW.timestamp())

# id, code, env raising it, images, env close to it that must not raise it
CASES = [
    ("username", "SECRET_NAME_MISSPELLED",
     {**acr(), "ACR_CONTAINER_REGISTRY_USERNAME": "u"}, (), acr()),
    ("pass", "SECRET_NAME_MISSPELLED",
     {"ACR_CONTAINER_REGISTRY_PASS": CANARY}, (), acr()),
    ("pwd", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINER_REGISTRY_PWD": CANARY}, (), acr()),
    ("token", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINER_REGISTRY_TOKEN": CANARY}, (), acr()),
    ("url", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINER_REGISTRY_URL": "myco.azurecr.io"}, (),
     acr()),
    ("host", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINER_REGISTRY_HOST": "myco.azurecr.io"}, (),
     acr()),
    ("registery", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINER_REGISTERY_USER": "u"}, (), acr()),
    ("containers", "SECRET_NAME_MISSPELLED", {"ACR_CONTAINERS_REGISTRY_USER": "u"}, (), acr()),
    ("no-container", "SECRET_NAME_MISSPELLED", {"ACR_REGISTRY_USER": "u"}, (),
     {"NPM_REGISTRY_TOKEN": CANARY, "NPM_REGISTRY_URL": "https://npm.example.com"}),
    ("lower-case", "SECRET_NAME_MISSPELLED", {"acr_container_registry_user": "u"}, (), acr()),
    ("prefix-mismatch", "SECRET_PREFIX_MISMATCH",
     {**secret_set("ACR", "myco.azurecr.io", "u", None),
      "AZURE_CONTAINER_REGISTRY_PASSWORD": CANARY}, (),
     {**acr(), **secret_set("AZURE", "other.azurecr.io", None, None)}),
    ("prefix-missing", "SECRET_PREFIX_MISSING",
     {"CONTAINER_REGISTRY_SERVER": "myco.azurecr.io", "CONTAINER_REGISTRY_USER": "u",
      "CONTAINER_REGISTRY_PASSWORD": CANARY}, (), acr()),
    ("duplicate", "SECRET_SERVER_DUPLICATE",
     {**acr(), **secret_set("AZ", "MYCO.azurecr.io", "u2", CANARY + "2")}, (),
     {**acr(), **secret_set("AZ", "other.azurecr.io", "u2", CANARY + "2")}),
    ("ws-password", "SECRET_VALUE_WHITESPACE", acr(password=CANARY + "\n"), (), acr()),
    ("ws-user", "SECRET_VALUE_WHITESPACE", acr(user=" acr-user"), (), acr()),
    ("ws-server-tab", "SECRET_VALUE_WHITESPACE", acr(server="myco.azurecr.io\t"), (), acr()),
    ("quoted", "SECRET_VALUE_QUOTED", acr(password=f'"{CANARY}"'), (),
     acr(password=f'in"side{CANARY}"')),
    ("quoted-single", "SECRET_VALUE_QUOTED", acr(user="'acr-user'"), (), acr(user="o'brien")),
    ("server-invalid", "SERVER_INVALID", acr(server="myco azurecr.io"), (), acr()),
    ("server-invalid-chars", "SERVER_INVALID", acr(server="my_co!.azurecr.io"), (),
     acr(server="my-co.azurecr.io")),
    ("server-bad-port", "SERVER_INVALID", acr(server="registry.example.com:99999"), (),
     acr(server="registry.example.com:5000")),
    ("scheme", "SERVER_HAS_SCHEME", acr(server="https://myco.azurecr.io"), (), acr()),
    ("path", "SERVER_HAS_PATH", acr(server="myco.azurecr.io/team/app:1.0"), (), acr()),
    ("hub-docker-io", "DOCKERHUB_SERVER_VALUE",
     secret_set("HUB", "docker.io", "me", CANARY), (),
     secret_set("HUB", "https://index.docker.io/v1/", "me", CANARY)),
    ("hub-hub", "DOCKERHUB_SERVER_VALUE", secret_set("HUB", "hub.docker.com", "me", CANARY), (),
     secret_set("HUB", "https://index.docker.io/v1/", "me", CANARY)),
    ("hub-registry-1", "DOCKERHUB_SERVER_VALUE",
     secret_set("HUB", "https://registry-1.docker.io/v2/", "me", CANARY), (),
     secret_set("HUB", "https://index.docker.io/v1/", "me", CANARY)),
    ("hub-index-no-v1", "DOCKERHUB_SERVER_VALUE",
     secret_set("HUB", "index.docker.io", "me", CANARY), (),
     secret_set("HUB", "https://index.docker.io/v1/", "me", CANARY)),
    ("hub-email", "DOCKERHUB_USER_IS_EMAIL",
     secret_set("HUB", "https://index.docker.io/v1/", "me@example.com", CANARY), (),
     secret_set("HUB", "https://index.docker.io/v1/", "mydockerid", CANARY)),
    ("ghcr-unneeded", "GHCR_SECRETS_UNNEEDED", secret_set("GH", "ghcr.io", "me", CANARY), (),
     acr()),
    ("ghcr-fine-grained", "GHCR_FINE_GRAINED_TOKEN",
     secret_set("GH", "ghcr.io", "me", "github_pat_11ABC" + CANARY), (),
     secret_set("GH", "ghcr.io", "me", "ghp_" + CANARY)),
    ("ecr-invalid-account", "ECR_SERVER_INVALID",
     secret_set("ECR", "12345678901.dkr.ecr.eu-west-1.amazonaws.com", AKIA, SECRET_KEY), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("ecr-invalid-nodkr", "ECR_SERVER_INVALID",
     secret_set("ECR", "123456789012.ecr.eu-west-1.amazonaws.com", AKIA, SECRET_KEY), (),
     secret_set("ECR", "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", AKIA, SECRET_KEY)),
    ("ecr-cn-valid", "ECR_SERVER_INVALID",
     secret_set("ECR", "123456789012.dkr.ecr.cn-north-1.amazonaws.co", AKIA, SECRET_KEY), (),
     secret_set("ECR", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", AKIA, SECRET_KEY)),
    ("ecr-temporary", "ECR_TEMPORARY_KEY",
     secret_set("ECR", ECR_SERVER, "ASIAIOSFODNN7EXAMPLE", SECRET_KEY), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("ecr-key-format-user", "ECR_KEY_FORMAT",
     secret_set("ECR", ECR_SERVER, "AKIAIOSFODNN7EXAMPL", SECRET_KEY), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("ecr-key-format-secret", "ECR_KEY_FORMAT",
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY[:39]), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("ecr-key-format-name", "ECR_KEY_FORMAT",
     secret_set("ECR", ECR_SERVER, "deploy-bot", SECRET_KEY), (),
     secret_set("ECR", ECR_SERVER, "AWS", ecr_token(NOW_TS + 3600))),
    ("ecr-swapped", "ECR_CREDENTIALS_SWAPPED",
     secret_set("ECR", ECR_SERVER, SECRET_KEY, AKIA), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("ecr-expired", "ECR_TOKEN_EXPIRED",
     secret_set("ECR", ECR_SERVER, "AWS", ecr_token(NOW_TS - 7200)), (),
     secret_set("ECR", ECR_SERVER, "AWS", ecr_token(NOW_TS + 7200))),
    ("ecr-short-lived", "ECR_TOKEN_SHORT_LIVED",
     secret_set("ECR", ECR_SERVER, "AWS", ecr_token(NOW_TS + 7200)), (),
     secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY)),
    ("gcr-base64-as-json", "GCR_JSON_KEY_INVALID",
     secret_set("GCR", "gcr.io", "_json_key", base64.b64encode(gcr_key().encode()).decode()),
     (), secret_set("GCR", "gcr.io", "_json_key", gcr_key())),
    ("gcr-json-as-base64", "GCR_JSON_KEY_INVALID",
     secret_set("GCR", "eu.gcr.io", "_json_key_base64", gcr_key()), (),
     secret_set("GCR", "eu.gcr.io", "_json_key_base64",
                base64.b64encode(gcr_key().encode()).decode())),
    ("gcr-not-sa", "GCR_JSON_KEY_INVALID",
     secret_set("GAR", "europe-docker.pkg.dev", "_json_key",
                json.dumps({"type": "authorized_user", "client_id": CANARY})), (),
     secret_set("GAR", "europe-docker.pkg.dev", "_json_key", gcr_key())),
    ("uncovered", "IMAGE_REGISTRY_UNCOVERED", acr(), ("quay.io/acme/app:1",),
     acr()),
    ("near-case", "IMAGE_SERVER_NEAR_MISS", acr(server="MyCo.azurecr.io"),
     ("myco.azurecr.io/app:1",), acr()),
    ("near-port", "IMAGE_SERVER_NEAR_MISS", acr(server="registry.example.com:5000"),
     ("registry.example.com/app:1",), acr(server="registry.example.com")),
    ("near-typo", "IMAGE_SERVER_NEAR_MISS", acr(server="mycoo.azurecr.io"),
     ("myco.azurecr.io/app:1",), acr()),
    ("near-www", "IMAGE_SERVER_NEAR_MISS", acr(server="www.registry.example.com"),
     ("registry.example.com/app:1",), acr(server="registry.example.com")),
]

# images for the negative run of the coverage cases (the positive run uses the case's images)
NEGATIVE_IMAGES = {
    "uncovered": ("myco.azurecr.io/app:1", "ghcr.io/acme/app:1",
                  "mcr.microsoft.com/devcontainers/base:ubuntu", "ubuntu:24.04",
                  "public.ecr.aws/docker/library/node:20"),
    "near-case": ("myco.azurecr.io/app:1",),
    "near-port": ("registry.example.com/app:1",),
    "near-typo": ("myco.azurecr.io/app:1",),
    "near-www": ("registry.example.com/app:1",),
}


@pytest.mark.parametrize(("case", "code", "env", "images", "close"), CASES,
                         ids=[c[0] for c in CASES])
def test_code_raised_and_close_input_not(tmp_path, case, code, env, images, close):
    raised = run(tmp_path / "raised", env, images)
    found = by_code(raised, code)
    assert found.step == "naming"
    assert found.secret_set or found.image, "a naming finding names its set or image"
    calm = run(tmp_path / "calm", close, NEGATIVE_IMAGES.get(case, images))
    assert code not in codes(calm), [f.detail for f in calm.findings if f.code == code]


def test_documented_server_values_raise_nothing(tmp_path):
    env = {
        **secret_set("HUB", "https://index.docker.io/v1/", "mydockerid", CANARY + "h"),
        **secret_set("ECR", ECR_SERVER, AKIA, SECRET_KEY),
        **secret_set("FIPS", "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com",
                     AKIA, SECRET_KEY),
        **secret_set("CN", "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", AKIA, SECRET_KEY),
        **acr(),
        **secret_set("GCR", "gcr.io", "_json_key", gcr_key()),
    }
    images = ("myco.azurecr.io/app:1", f"{ECR_SERVER}/app:2", "mydockerid/private:1",
              "gcr.io/p/app:1", "ghcr.io/acme/app:1")
    diagnosis = run(tmp_path, env, images)
    assert codes(diagnosis, "naming") == []
    assert codes(diagnosis, "secrets") == []
    assert diagnosis.results["naming"].status == "pass"


def test_misspelled_names_the_intended_variable_with_filled_fix(tmp_path):
    env = {**acr(), "ACR_CONTAINER_REGISTRY_USERNAME": "u", "GITHUB_REPOSITORY": "acme/app"}
    diagnosis = run(tmp_path, env)
    found = by_code(diagnosis, "SECRET_NAME_MISSPELLED")
    assert "`ACR_CONTAINER_REGISTRY_USER`" in found.detail
    assert "gh secret delete ACR_CONTAINER_REGISTRY_USERNAME --user" in found.fix
    assert found.secret_set == "ACR"


def test_misspelled_fix_creates_the_right_name_when_missing(tmp_path):
    env = {**secret_set("ACR", "myco.azurecr.io", None, CANARY),
           "ACR_CONTAINER_REGISTRY_USERNAME": "u", "GITHUB_REPOSITORY": "acme/app"}
    found = by_code(run(tmp_path, env), "SECRET_NAME_MISSPELLED")
    assert "gh secret set ACR_CONTAINER_REGISTRY_USER --user --repos acme/app" in found.fix
    assert "gh secret delete ACR_CONTAINER_REGISTRY_USERNAME --user" in found.fix


def test_prefix_mismatch_names_the_common_identifier(tmp_path):
    env = {**secret_set("ACR", "myco.azurecr.io", "u", None),
           "AZURE_CONTAINER_REGISTRY_PASSWORD": CANARY}
    found = by_code(run(tmp_path, env), "SECRET_PREFIX_MISMATCH")
    assert found.secret_set == "ACR"
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD" in found.fix
    assert "gh secret delete AZURE_CONTAINER_REGISTRY_PASSWORD --user" in found.fix


def test_whitespace_is_shown_with_markers_never_the_value(tmp_path):
    diagnosis = run(tmp_path, {**acr(password=f" {CANARY}\r\n"),
                               **secret_set("X", "r.example.com ", "bob\n", "pw-" + CANARY)})
    details = [f.detail for f in diagnosis.findings if f.code == "SECRET_VALUE_WHITESPACE"]
    assert any("␠••••␍⏎" in d for d in details), details
    assert any("`r.example.com␠`" in d for d in details), details
    assert any("`bob⏎`" in d for d in details), details


def test_expired_token_says_when(tmp_path):
    expired = FIXED_NOW - timedelta(hours=3)
    env = secret_set("ECR", ECR_SERVER, "AWS", ecr_token(int(expired.timestamp())))
    found = by_code(run(tmp_path, env), "ECR_TOKEN_EXPIRED")
    assert expired.strftime("%Y-%m-%d %H:%M UTC") in found.detail
    assert "3.0 h ago" in found.detail
    assert "ECR_TOKEN_SHORT_LIVED" not in codes(run(tmp_path / "again", env))


def test_undecodable_token_is_short_lived_with_unknown_expiry(tmp_path):
    env = secret_set("ECR", ECR_SERVER, "AWS", "not-a-token-" + CANARY)
    found = by_code(run(tmp_path, env), "ECR_TOKEN_SHORT_LIVED")
    assert "unknown" in found.detail


def test_swapped_credentials_hide_the_secret_key(tmp_path):
    diagnosis = run(tmp_path, secret_set("ECR", ECR_SERVER, SECRET_KEY, AKIA))
    by_code(diagnosis, "ECR_CREDENTIALS_SWAPPED")
    for item in diagnosis.findings:
        assert SECRET_KEY not in item.detail + item.fix + item.title
    user = diagnosis.secret_sets[0].user
    assert SECRET_KEY not in str(user.value), "a secret key in USER is masked too"


def test_near_miss_replaces_uncovered_and_names_both(tmp_path):
    diagnosis = run(tmp_path, acr(server="MyCo.azurecr.io"), ("myco.azurecr.io/app:1",))
    found = by_code(diagnosis, "IMAGE_SERVER_NEAR_MISS")
    assert found.image == "myco.azurecr.io/app:1" and found.secret_set == "ACR"
    assert "case" in found.detail
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)


def test_ghcr_images_are_never_uncovered(tmp_path):
    diagnosis = run(tmp_path, {}, ("ghcr.io/acme/private:1",))
    assert "IMAGE_REGISTRY_UNCOVERED" not in codes(diagnosis)


def test_prefix_missing_suggests_an_identifier_by_kind(tmp_path):
    env = {"CONTAINER_REGISTRY_SERVER": ECR_SERVER, "CONTAINER_REGISTRY_USER": AKIA,
           "CONTAINER_REGISTRY_PASSWORD": SECRET_KEY}
    found = by_code(run(tmp_path, env), "SECRET_PREFIX_MISSING")
    assert found.severity is Severity.WARNING
    assert "ECR_CONTAINER_REGISTRY_SERVER" in found.fix


def test_naming_runs_without_the_secrets_step(tmp_path):
    options = make_options(tmp_path, env=acr(server="https://myco.azurecr.io"))
    diagnosis = Diagnosis(options)
    diagnosis.run_step("naming")
    assert codes(diagnosis) == ["SERVER_HAS_SCHEME"]


@pytest.mark.lab
def test_uncovered_online_against_real_registries(tmp_path, lab_registries):
    """Online, a real anonymous pull settles it: public repository passes, private is uncovered."""
    host = lab_registries.token.host
    public, private = f"{host}/public/hello:1.0", f"{host}/team/private:1.0"
    diagnosis = run(tmp_path, acr(), (public, private), offline=False, timeout=5.0)
    uncovered = [f for f in diagnosis.findings if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert [f.image for f in uncovered] == [private], [f.detail for f in uncovered]
    assert "refused" in uncovered[0].detail


@pytest.mark.lab
def test_uncovered_online_unknown_answer_keeps_the_finding(tmp_path, lab_faults):
    """A registry that cannot be asked (refused, 5xx) stays uncovered, said to be unknown."""
    images = (f"{lab_faults['refused']}/team/app:1", f"{lab_faults['err500']}/team/app:1")
    diagnosis = run(tmp_path, acr(), images, offline=False, timeout=2.0)
    uncovered = [f for f in diagnosis.findings if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert sorted(f.image for f in uncovered) == sorted(images)
    assert all(f.severity is Severity.ERROR and "unknown" in f.detail for f in uncovered)


def test_lower_case_aws_user_is_named_and_its_token_still_judged(tmp_path):
    """USER `aws` gets a fix to write `AWS`, and the token behind it is checked for expiry."""
    import base64
    import json

    from tests.helpers import codes, diagnose, make_options

    token = base64.b64encode(json.dumps({"expiration": 1000}).encode()).decode()
    env = {"ECR_CONTAINER_REGISTRY_SERVER": "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
           "ECR_CONTAINER_REGISTRY_USER": "aws", "ECR_CONTAINER_REGISTRY_PASSWORD": token}
    diagnosis = diagnose(make_options(tmp_path, env=env), ("context", "secrets", "naming"))
    assert {"ECR_KEY_FORMAT", "ECR_TOKEN_EXPIRED"} <= set(codes(diagnosis, "naming"))
    key_format = next(f for f in diagnosis.findings if f.code == "ECR_KEY_FORMAT")
    assert "`AWS`" in key_format.fix and "access key" not in key_format.fix


def test_images_on_one_uncovered_registry_give_one_finding(tmp_path):
    """FROM and a feature on the same private registry: one set fixes both, one finding says so."""
    from tests.helpers import diagnose, make_options

    files = {
        ".devcontainer/devcontainer.json":
            '{"build": {"dockerfile": "Dockerfile"},'
            ' "features": {"myco.azurecr.io/features/tool:1": {}}}',
        ".devcontainer/Dockerfile": "FROM myco.azurecr.io/base:1\n",
    }
    other = secret_set("QUAY", "quay.io", "u", CANARY)
    diagnosis = diagnose(make_options(tmp_path, env=other, workspace_files=files),
                         ("context", "secrets", "naming"))
    uncovered = [f for f in diagnosis.findings if f.code == "IMAGE_REGISTRY_UNCOVERED"]
    assert len(uncovered) == 1
    assert "the Feature `myco.azurecr.io/features/tool:1`" in uncovered[0].detail
    # with no set at all, NO_REGISTRY_SECRETS is that one error, naming both
    (tmp_path / "none").mkdir()
    diagnosis = diagnose(make_options(tmp_path / "none", workspace_files=files),
                         ("context", "secrets", "naming"))
    errors = [f for f in diagnosis.findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["NO_REGISTRY_SECRETS"], [f.detail for f in errors]
    assert "myco.azurecr.io/base:1" in errors[0].detail
    assert "the Feature `myco.azurecr.io/features/tool:1`" in errors[0].detail


def test_password_ending_in_a_space_gets_both_fixes(tmp_path):
    """A trailing space may be stray or the real password's: the fix says both ways."""
    diagnosis = run(tmp_path, {**acr(password=CANARY + " "), "GITHUB_REPOSITORY": "acme/app"})
    found = by_code(diagnosis, "SECRET_VALUE_WHITESPACE")
    assert "the value without the whitespace" in found.fix
    assert "gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app" in found.fix
    assert "really starts or ends with that whitespace" in found.fix
    assert "set a new password" in found.fix
    assert found.fix.index("without the whitespace") < found.fix.index("set a new password")


def test_stray_newline_or_a_user_space_gets_only_the_removal(tmp_path):
    for index, env in enumerate([acr(password=CANARY + "\n"), acr(user="acr-user ")]):
        found = by_code(run(tmp_path / str(index), env), "SECRET_VALUE_WHITESPACE")
        assert "set a new password" not in found.fix, env
