"""Server values taken apart, registry kinds, and the name pattern's near misses."""

from __future__ import annotations

import pytest

from tui.registry.coverage import near_miss_reason
from tui.secretsets.patterns import edit_distance, is_relevant, near_miss, parse_canonical
from tui.secretsets.servers import canonical_host, parse_server, registry_kind


@pytest.mark.parametrize(("value", "scheme", "host", "path"), [
    ("myco.azurecr.io", None, "myco.azurecr.io", ""),
    ("https://index.docker.io/v1/", "https", "index.docker.io", "/v1/"),
    ("http://localhost:5000", "http", "localhost:5000", ""),
    ("registry.example.com:5000/team/app:1.0", None, "registry.example.com:5000",
     "/team/app:1.0"),
    ("[::1]:5000", None, "[::1]:5000", ""),
    ("127.0.0.1:8443", None, "127.0.0.1:8443", ""),
])
def test_parse_valid(value, scheme, host, path):
    parsed = parse_server(value)
    assert (parsed.valid, parsed.scheme, parsed.host, parsed.path) == (True, scheme, host, path)


@pytest.mark.parametrize(("value", "why"), [
    ("", "empty"),
    ("https://", "empty"),
    ("my registry.io", "whitespace"),
    ("user@myco.azurecr.io", "`@`"),
    ("my_co.azurecr.io", "`_`"),
    ("host:70000", "out of range"),
    ("host:port", "not a host name"),
    ("[1::2::3]:5000", "IPv6"),
    ("ftp://myco.azurecr.io", "scheme"),
    ("-bad.example.com", "not a host name"),
])
def test_parse_invalid(value, why):
    parsed = parse_server(value)
    assert not parsed.valid and why in parsed.problem, parsed.problem
    assert parsed.canonical_host is None


@pytest.mark.parametrize(("host", "kind"), [
    ("myco.azurecr.io", "acr"),
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "ecr"),
    ("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", "ecr"),
    ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "ecr"),
    ("123456789012.dkr-ecr.eu-west-1.on.aws", "ecr"),
    ("1234.dkr.ecr.eu-west-1.amazonaws.com", "ecr"),
    ("public.ecr.aws", "generic"),
    ("docker.io", "dockerhub"),
    ("index.docker.io", "dockerhub"),
    ("registry-1.docker.io", "dockerhub"),
    ("hub.docker.com", "dockerhub"),
    ("ghcr.io", "ghcr"),
    ("gcr.io", "gcr"),
    ("asia.gcr.io", "gcr"),
    ("us-central1-docker.pkg.dev", "artifact-registry"),
    ("registry.example.com:5000", "generic"),
])
def test_registry_kind(host, kind):
    assert registry_kind(host) == kind


def test_canonical_host():
    assert canonical_host("Index.Docker.IO") == "docker.io"
    assert canonical_host("registry-1.docker.io") == "docker.io"
    assert canonical_host("MyCo.AzureCR.io") == "myco.azurecr.io"
    assert canonical_host("Registry.Example.com:5000") == "registry.example.com:5000"
    assert parse_server("https://index.docker.io/v1/").canonical_host == "docker.io"


@pytest.mark.parametrize(("name", "intended"), [
    ("ACR_CONTAINER_REGISTRY_USERNAME", "ACR_CONTAINER_REGISTRY_USER"),
    ("ACR_CONTAINER_REGISTRY_USER_NAME", "ACR_CONTAINER_REGISTRY_USER"),
    ("ACR_CONTAINER_REGISTRY_PASS", "ACR_CONTAINER_REGISTRY_PASSWORD"),
    ("ACR_CONTAINER_REGISTRY_PWD", "ACR_CONTAINER_REGISTRY_PASSWORD"),
    ("ACR_CONTAINER_REGISTRY_TOKEN", "ACR_CONTAINER_REGISTRY_PASSWORD"),
    ("ACR_CONTAINER_REGISTRY_PASWORD", "ACR_CONTAINER_REGISTRY_PASSWORD"),
    ("ACR_CONTAINER_REGISTRY_URL", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_CONTAINER_REGISTRY_HOST", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ECR_CONTAINER_REGISTRY_SEVER", "ECR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_CONTAINER_REGISTERY_SERVER", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_CONTAINERS_REGISTRY_SERVER", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_CONTIANER_REGISTRY_SERVER", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_CONTAINERREGISTRY_SERVER", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("ACR_REGISTRY_SERVER", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("acr_container_registry_server", "ACR_CONTAINER_REGISTRY_SERVER"),
    ("Acr_Container_Registry_User", "ACR_CONTAINER_REGISTRY_USER"),
    ("ACR-CONTAINER-REGISTRY-USER", "ACR_CONTAINER_REGISTRY_USER"),
    ("MY_TEAM_CONTAINER_REGISTRY_USR", "MY_TEAM_CONTAINER_REGISTRY_USER"),
])
def test_near_misses_name_the_intended_variable(name, intended):
    miss = near_miss(name)
    assert miss is not None and miss.intended() == intended, miss
    assert miss.reasons
    assert is_relevant(name)


@pytest.mark.parametrize("name", [
    "ACR_CONTAINER_REGISTRY_SERVER", "MY_TEAM_CONTAINER_REGISTRY_PASSWORD",
    "CONTAINER_REGISTRY_USER", "NPM_REGISTRY_TOKEN", "NPM_REGISTRY_URL", "REGISTRY",
    "PATH", "DOCKER_HOST", "REMOTE_CONTAINERS", "CONTAINER_ID", "GITHUB_TOKEN",
    "AZURE_CONTAINER_REGISTRY_NAME", "GITHUB_SERVER_URL", "GITHUB_API_URL", "NPM_CONFIG_REGISTRY",
    "DOCKER_REGISTRY_MIRROR", "GITHUB_REGISTRY_TOKEN", "INTERNAL_VSCS_TARGET_URL",
    "CODESPACES_RECOVERY_CONTAINER",
])
def test_names_that_are_not_near_misses(name):
    assert near_miss(name) is None


def test_canonical_names():
    assert parse_canonical("ACR_CONTAINER_REGISTRY_PASSWORD").prefix == "ACR"
    assert parse_canonical("MY_TEAM_CONTAINER_REGISTRY_USER").prefix == "MY_TEAM"
    assert parse_canonical("CONTAINER_REGISTRY_SERVER").prefix is None
    assert parse_canonical("acr_CONTAINER_REGISTRY_SERVER") is None
    assert not is_relevant("HOME") and is_relevant("CODESPACE_NAME")


def test_edit_distance():
    assert edit_distance("REGISTRY", "REGISTERY") == 1
    assert edit_distance("CONTAINER", "CONTIANER") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("", "abc") == 3


@pytest.mark.parametrize(("server", "image", "word"), [
    ("MyCo.azurecr.io", "myco.azurecr.io", "case"),
    ("registry.example.com:5000", "registry.example.com", "port"),
    ("www.registry.example.com", "registry.example.com", "www."),
    ("mycoo.azurecr.io", "myco.azurecr.io", "typo"),
])
def test_near_miss_reasons(server, image, word):
    assert word in near_miss_reason(server, image)


@pytest.mark.parametrize(("server", "image"), [
    ("myco.azurecr.io", "myco.azurecr.io"),
    ("other.azurecr.io", "myco.azurecr.io"),
    ("quay.io", "gcr.io"),
])
def test_not_near_misses(server, image):
    assert near_miss_reason(server, image) is None


def test_a_registry_merely_hosted_on_aws_is_not_ecr(tmp_path):
    """An ELB or EC2 host name holds `amazonaws` but is a generic registry, not ECR."""
    from tests.helpers import codes, diagnose, make_options

    host = "registry-1234.us-east-1.elb.amazonaws.com"
    env = {"R_CONTAINER_REGISTRY_SERVER": host, "R_CONTAINER_REGISTRY_USER": "alice",
           "R_CONTAINER_REGISTRY_PASSWORD": "alice-password-1234"}
    diagnosis = diagnose(make_options(tmp_path, env=env, image=f"{host}/team/app:1"))
    assert diagnosis.secret_sets[0].kind == "generic"
    assert not {"ECR_SERVER_INVALID", "ECR_KEY_FORMAT"} & set(codes(diagnosis))
