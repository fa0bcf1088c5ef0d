"""The GitHub stand-in's scenarios: one `World` and what reached the codespace, per case.

Shared by tests/test_github_api.py (which asserts each verdict) and
tests/bench/bench_github.py (which prints the verdict table, the step's time and its calls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.lab.github_api import Package, Secret, Token, World

TOKEN = "ghp_standinTokenAbcdef0123456789ABCDEF"
"""A classic token with every scope the step uses."""
CODESPACE_TOKEN = "ghu_standinCodespaceToken0123456789AB"
"""The codespace's own token: no `X-OAuth-Scopes`, refused as an integration."""
FULL = ("repo", "codespace", "read:packages", "admin:org")
REPO = "acme/app"
START = "2025-05-02T09:40:58Z"
BEFORE = "2025-04-30T08:00:00Z"
AFTER = "2025-05-02T10:15:03Z"
FIELDS = ("SERVER", "USER", "PASSWORD")
ACR_VALUES = {"SERVER": "myco.azurecr.io", "USER": "acr-user", "PASSWORD": "pw-not-a-token-1"}


def acr(visibility: str = "selected", repos: tuple[str, ...] = (REPO,),
        updated: str = BEFORE, names: tuple[str, ...] = FIELDS) -> list[Secret]:
    """The ACR set's three secrets."""
    return [Secret(f"ACR_CONTAINER_REGISTRY_{f}", updated_at=updated, visibility=visibility,
                   repos=repos) for f in names]


def reached_acr() -> dict[str, str]:
    """The ACR set as it reaches a codespace's environment."""
    return {f"ACR_CONTAINER_REGISTRY_{f}": v for f, v in ACR_VALUES.items()}


@dataclass
class Case:
    """One scenario: the world, the environment of the codespace, the files, the verdict."""

    name: str
    world: Callable[[], World]
    env: dict[str, str] = field(default_factory=dict)
    expected: tuple[str, ...] = ()
    token: str = TOKEN
    token_variable: str = "GH_TOKEN"
    devcontainer: str = '{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}'
    timeout: float = 5.0


def world(**changes) -> World:
    """The default world (private acme/app, organization-owned) with a full token."""
    base = World(tokens={TOKEN: Token(FULL), CODESPACE_TOKEN: Token(None)})
    for key, value in changes.items():
        setattr(base, key, value)
    return base


GHCR_IMAGE = ('{"image": "ghcr.io/acme/devcontainer-images/python:3.12", '
              '"features": {"ghcr.io/acme/features/tools:1": {}}}')


def _many() -> World:
    noise = [Secret(f"NPM_TOKEN_{i:03d}", visibility="all") for i in range(127)]
    return world(user_secrets=noise + acr(), visibility="private")


CASES: list[Case] = [
    Case("granted", lambda: world(user_secrets=acr()), reached_acr()),
    Case("not granted (user, selected)",
         lambda: world(user_secrets=acr(repos=("acme/other",))), {},
         ("SECRET_NOT_GRANTED",)),
    Case("not granted (org private, public repo)",
         lambda: world(visibility="public", org_secrets=acr(visibility="private")), {},
         ("SECRET_NOT_GRANTED",)),
    Case("changed after start, missing here",
         lambda: world(user_secrets=acr(updated=AFTER)), {},
         ("SECRET_CHANGED_AFTER_START",)),
    Case("changed after start, present here",
         lambda: world(user_secrets=acr(updated=AFTER)), reached_acr(),
         ("SECRET_CHANGED_AFTER_START",)),
    Case("granted, unchanged, still missing",
         lambda: world(user_secrets=acr()), {}, ("SECRET_ONLY_ON_GITHUB",)),
    Case("misspelled on GitHub, not granted",
         lambda: world(user_secrets=[
             Secret("ACR_CONTAINER_REGISTRY_SERVER", repos=(REPO,)),
             Secret("ACR_CONTAINER_REGISTRY_USERNAME", repos=()),
             Secret("ACR_CONTAINER_REGISTRY_PASSWORD", repos=(REPO,))]),
         {k: v for k, v in reached_acr().items() if not k.endswith("_USER")},
         ("SECRET_NOT_GRANTED",)),
    Case("withheld: no push", lambda: world(push=False, user_secrets=acr()), {},
         ("SECRETS_WITHHELD",)),
    Case("withheld: a fork's pull request",
         lambda: world(fork=True, pull_request=True, repo="monalisa/app",
                       user_secrets=acr(repos=("monalisa/app",))), {},
         ("SECRETS_WITHHELD",)),
    Case("repository secrets", lambda: world(repo_secrets=acr()), reached_acr()),
    Case("pagination: 130 user secrets", _many, reached_acr()),
    Case("scope missing (no codespace, no admin:org)",
         lambda: world(user_secrets=acr(), tokens={TOKEN: Token(("repo", "read:packages"))}),
         reached_acr(), ("GITHUB_TOKEN_SCOPE",)),
    Case("the codespace's own token",
         lambda: world(user_secrets=acr()), reached_acr(), ("GITHUB_TOKEN_SCOPE",),
         token=CODESPACE_TOKEN, token_variable="GITHUB_TOKEN", devcontainer=GHCR_IMAGE),
    Case("401: unknown token", lambda: world(tokens={}), reached_acr(),
         ("GITHUB_API_UNREACHABLE",)),
    Case("rate limit 403", lambda: world(fault="rate-403"), reached_acr(),
         ("GITHUB_API_UNREACHABLE",)),
    Case("rate limit 429", lambda: world(fault="rate-429"), reached_acr(),
         ("GITHUB_API_UNREACHABLE",)),
    Case("silent API (bound 1 s)", lambda: world(fault="silent"), reached_acr(),
         ("GITHUB_API_UNREACHABLE",), timeout=1.0),
    Case("package private, private repo",
         lambda: world(packages=_packages("private")), reached_acr(), (),
         devcontainer=GHCR_IMAGE),
    Case("package public, public repo",
         lambda: world(visibility="public", packages=_packages("public")), reached_acr(), (),
         devcontainer=GHCR_IMAGE),
    Case("package internal, public repo",
         lambda: world(visibility="public", packages=_packages("internal")), reached_acr(),
         ("GHCR_INTERNAL_PUBLIC_REPO",), devcontainer=GHCR_IMAGE),
    Case("package private, public repo",
         lambda: world(visibility="public", packages=_packages("private")), reached_acr(),
         ("GHCR_INTERNAL_PUBLIC_REPO",), devcontainer=GHCR_IMAGE),
    Case("typical codespace (ACR set, GHCR image and Feature, org)",
         lambda: world(user_secrets=acr(), packages=_packages("internal"),
                       org_secrets=[Secret("NPM_TOKEN", visibility="all")]),
         reached_acr(), (), devcontainer=GHCR_IMAGE),
]


def _packages(visibility: str) -> dict[tuple[str, str, str], Package]:
    return {
        ("orgs", "acme", "devcontainer-images/python"): Package(
            visibility, "acme/devcontainer-images", "internal"),
        ("orgs", "acme", "features/tools"): Package("public", "acme/features", "public"),
    }


def case(name: str) -> Case:
    """The scenario called `name`."""
    return next(c for c in CASES if c.name == name)
