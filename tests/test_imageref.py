"""Image references parse as docker parses them (registry-protocol.md, "Image references")."""

from __future__ import annotations

import pytest

from tui.workspace.imageref import is_well_known_public, parse_image_ref, same_host

DIGEST = "sha256:" + "a" * 64

PARSED = [
    # ref, host, repository, reference
    ("ubuntu", "docker.io", "library/ubuntu", "latest"),
    ("ubuntu:22.04", "docker.io", "library/ubuntu", "22.04"),
    ("acme/app", "docker.io", "acme/app", "latest"),
    ("acme/app:1.0", "docker.io", "acme/app", "1.0"),
    ("docker.io/ubuntu", "docker.io", "library/ubuntu", "latest"),
    ("index.docker.io/library/node:20", "docker.io", "library/node", "20"),
    ("registry-1.docker.io/acme/app:2", "docker.io", "acme/app", "2"),
    ("registry.hub.docker.com/redis", "docker.io", "library/redis", "latest"),
    ("Docker.IO/acme/app", "docker.io", "acme/app", "latest"),
    ("myco.azurecr.io/app:1.0", "myco.azurecr.io", "app", "1.0"),
    ("MyCo.AzureCR.io/team/app:1.0", "MyCo.AzureCR.io", "team/app", "1.0"),
    ("localhost:5000/x", "localhost:5000", "x", "latest"),
    ("localhost/x:dev", "localhost", "x", "dev"),
    ("registry:5000/team/app:v1.2.3", "registry:5000", "team/app", "v1.2.3"),
    ("127.0.0.1:5000/a/b/c", "127.0.0.1:5000", "a/b/c", "latest"),
    ("[::1]:5000/app", "[::1]:5000", "app", "latest"),
    (f"ubuntu@{DIGEST}", "docker.io", "library/ubuntu", DIGEST),
    (f"ghcr.io/acme/app:1.0@{DIGEST}", "ghcr.io", "acme/app", DIGEST),
    ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest",
     "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "app", "latest"),
    ("mcr.microsoft.com/devcontainers/python:1-3.12-bookworm", "mcr.microsoft.com",
     "devcontainers/python", "1-3.12-bookworm"),
    ("  ghcr.io/acme/app  ", "ghcr.io", "acme/app", "latest"),
    ("Uppercase/app", "Uppercase", "app", "latest"),
]


@pytest.mark.parametrize(("ref", "host", "repository", "reference"), PARSED)
def test_parses(ref: str, host: str, repository: str, reference: str) -> None:
    image = parse_image_ref(ref, "test", role="dockerfile", platform="linux/amd64")
    assert (image.host, image.repository, image.reference) == (host, repository, reference)
    assert image.ref == ref.strip()
    assert (image.source, image.role, image.platform) == ("test", "dockerfile", "linux/amd64")


INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("my image", "whitespace"),
    ("ACME/App", "lowercase"),
    ("ghcr.io/Acme/app", "lowercase"),
    ("ghcr.io/acme/app:", "tag"),
    ("ghcr.io/acme/app:bad/tag", "component"),
    ("ghcr.io/acme/app@sha256:short", "digest"),
    ("ghcr.io/", "no repository"),
    ("host:99999/app", "out of range"),
    ("my_host.io/app", "host"),
    ("ghcr.io//app", "component"),
    ("ghcr.io/acme/app:" + "t" * 129, "tag"),
]


@pytest.mark.parametrize(("ref", "words"), INVALID)
def test_rejects_with_a_clear_message(ref: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_image_ref(ref, "test")


@pytest.mark.parametrize(
    ("ref", "public"),
    [
        ("mcr.microsoft.com/devcontainers/base:ubuntu", True),
        ("public.ecr.aws/docker/library/alpine", True),
        ("registry.k8s.io/pause:3.9", True),
        ("ubuntu:22.04", True),
        ("docker.io/library/python", True),
        ("gcr.io/distroless/static", True),
        ("MCR.Microsoft.com/dotnet/sdk", True),
        ("acme/app", False),
        ("gcr.io/acme-project/app", False),
        ("ghcr.io/acme/app", False),
        ("quay.io/acme/app", False),
        ("myco.azurecr.io/app", False),
    ],
)
def test_well_known_public_is_conservative(ref: str, public: bool) -> None:
    assert is_well_known_public(parse_image_ref(ref, "test")) is public


def test_same_host_ignores_case_and_hub_aliases() -> None:
    assert same_host("MyCo.azurecr.io", "myco.azurecr.io")
    assert same_host("index.docker.io", "docker.io")
    assert not same_host("myco.azurecr.io:443", "myco.azurecr.io")
