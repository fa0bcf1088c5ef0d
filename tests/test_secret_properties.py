"""Property tests: no environment, .env file or .env-secrets text breaks the secrets and naming
steps, and a password planted in any of them never shows in a finding."""

from __future__ import annotations

import base64
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import FIXED_NOW
from tui.checks import naming, secrets
from tui.checks.diagnosis import Diagnosis
from tui.model import Secret
from tui.options import Options
from tui.workspace.imageref import parse_image_ref

CANARY = "Zq9Canary7731xPw"
"""Embedded in every password value; must not appear in a finding's title, detail or fix."""

PREFIXES = ["ACR", "ECR", "HUB", "GH", "GCR", "MY_TEAM", "acr", ""]
STEMS = ["_CONTAINER_REGISTRY_", "_CONTAINER_REGISTERY_", "_CONTAINERS_REGISTRY_", "_REGISTRY_",
         "_container_registry_", "_CONTAINERREGISTRY_", "-CONTAINER-REGISTRY-"]
FIELDS = ["SERVER", "USER", "PASSWORD", "USERNAME", "PASS", "PWD", "TOKEN", "URL", "HOST",
          "SEVER", "PASWORD"]
NAMES = sorted({(p + s + f).lstrip("_-") for p, s, f in itertools.product(PREFIXES, STEMS, FIELDS)})
SERVERS = ["myco.azurecr.io", "https://index.docker.io/v1/", "docker.io", "ghcr.io",
           "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "1234.dkr.ecr.x.amazonaws.com",
           "gcr.io", "europe-docker.pkg.dev", "https://r.example.com:5000/a/b", "[::1]:5000",
           "", " ", "\"myco.azurecr.io\"", "my co", "AWS", "_json_key", "_json_key_base64",
           "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "github_pat_x", "me@example.com"]
IMAGES = ["myco.azurecr.io/app:1", "quay.io/a/b", "ghcr.io/acme/app", "ubuntu",
          "MyCo.azurecr.io/app", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2"]

plain_text = st.one_of(st.sampled_from(SERVERS), st.text(max_size=40))
password_text = st.builds(
    lambda before, after, wrap: wrap.format(before + CANARY + after),
    st.text(max_size=20), st.text(max_size=20),
    st.sampled_from(["{}", "\"{}\"", "'{}'", " {}\n", "{}\r\n", "\t{}"]),
)


def _value_for(name: str, data) -> str:
    upper = name.upper()
    if any(word in upper for word in ("PASS", "PWD", "TOKEN")):
        return data.draw(password_text)
    return data.draw(plain_text)


environments = st.dictionaries(st.sampled_from(NAMES), st.just(None), max_size=8)


def _options(tmp_path, env: dict[str, str], env_file: str | None, env_secrets: str | None,
             offline: bool = True) -> Options:
    codespaces = tmp_path / "codespaces"
    (codespaces / "shared").mkdir(parents=True, exist_ok=True)
    secrets_path = codespaces / "shared" / ".env-secrets"
    if env_secrets is None:
        secrets_path.unlink(missing_ok=True)
    else:
        secrets_path.write_text(env_secrets, encoding="utf-8", errors="surrogatepass")
    env_path = None
    if env_file is not None:
        env_path = tmp_path / "test.env"
        env_path.write_text(env_file, encoding="utf-8", errors="surrogatepass")
    return Options(env_file=env_path, workspace=tmp_path, codespaces_dir=codespaces,
                   environ=env, offline=offline, no_daemon=True, now=lambda: FIXED_NOW)


def _check(options: Options, images: list[str]) -> None:
    diagnosis = Diagnosis(options)
    diagnosis.prime()
    diagnosis.context.images = [parse_image_ref(ref, source="devcontainer.json") for ref in images]
    # the raw step output, before the runner's redaction: the steps themselves must not leak
    raw = list(secrets.run(diagnosis)) + list(naming.run(diagnosis))
    for item in raw:
        for text in (item.title, item.detail, item.fix):
            assert CANARY not in text, (item.code, text)
            assert isinstance(text, str)
    for secret_set in diagnosis.secret_sets:
        assert CANARY not in str(secret_set.secret)
    # and through the runner: nothing becomes INTERNAL_ERROR
    again = Diagnosis(options)
    again.context.images = diagnosis.context.images
    again.run_all(("secrets", "naming"))
    crashed = [f.detail for f in again.findings if f.code == "INTERNAL_ERROR"]
    assert not crashed, crashed


FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FAST
@given(names=environments, images=st.lists(st.sampled_from(IMAGES), max_size=3),
       data=st.data())
def test_arbitrary_environments(tmp_path, names, images, data):
    env = {name: _value_for(name, data) for name in names}
    _check(_options(tmp_path, env, None, None), images)


@FAST
@given(names=environments, data=st.data(),
       junk=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_arbitrary_env_files(tmp_path, names, data, junk):
    lines = []
    for name in names:
        value = _value_for(name, data)
        quote = data.draw(st.sampled_from(["", "'", "\""]))
        lines.append(f"{name}={quote}{value}{quote}")
    lines.insert(data.draw(st.integers(0, len(lines))), junk)
    text = "\n".join(lines)
    _check(_options(tmp_path, {}, text, None), ["myco.azurecr.io/app:1"])


@FAST
@given(names=environments, data=st.data(),
       junk=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
       env_names=environments)
def test_arbitrary_env_secrets(tmp_path, names, data, junk, env_names):
    lines = []
    for name in names:
        value = _value_for(name, data)
        encoded = base64.b64encode(value.encode("utf-8", "surrogatepass")).decode()
        lines.append(data.draw(st.sampled_from([f"{name}={encoded}", f"{name}={value}"])))
    lines.append(junk)
    env = {name: _value_for(name, data) for name in env_names}
    _check(_options(tmp_path, env, None, "\n".join(lines)), ["quay.io/a/b"])


def test_the_canary_check_can_fail():
    """The property's oracle catches a leak (so the properties above can fail)."""
    leaked = Secret(CANARY + "x")
    assert CANARY in leaked.reveal() and CANARY not in str(leaked)
