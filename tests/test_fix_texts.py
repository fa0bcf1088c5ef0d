"""Fix texts are data next to the catalogue: every template belongs to a catalogued code,
names only documented fields, and fills in without leftovers."""

from __future__ import annotations

import string

import pytest

from tui.catalogue import CATALOGUE
from tui.fix_texts import FIELDS, FIX_TEMPLATES, fix_text

SAMPLE = {"host": "myco.azurecr.io", "where": "`ACR_CONTAINER_REGISTRY_SERVER`",
          "timeout": 5.0, "user": "puller", "who": "", "repository": "team/app",
          "ref": "myco.azurecr.io/team/app:1", "place": "", "server": "myco.azurecr.io",
          "login": "", "unused": "…", "create": "…", "listed": "…",
          "codespace_repo": "octo-org/app", "rebuild": "gh codespace rebuild -c cs-1",
          "servers": "`myco.azurecr.io`", "refs": "`myco.azurecr.io/team/app:1`",
          "hub_server": "https://index.docker.io/v1/", "owner": "octo-org",
          "settings": "https://github.com/orgs/octo-org/packages/container/app/settings",
          "why": "the tag `1` is not published.", "repo_ref": "myco.azurecr.io/app",
          "lowered": "myco.azurecr.io/team/app:1", "option": "imageVariant",
          "feature": "ghcr.io/devcontainers-contrib/features/gh-release:1",
          "replacement": "ghcr.io/devcontainers-extra/features", "parent": "",
          "clock": "", "password": "an access token", "package": "ghcr.io/octo-org/app",
          "name": "app", "how": "", "parent_id": "ghcr.io/devcontainers-extra/features/starship:1"}


def test_every_documented_field_is_used_by_some_template():
    used = {name for variants in FIX_TEMPLATES.values() for template in variants.values()
            for name in _fields(template)}
    assert set(FIELDS) - used == set()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(("code", "variant"), [
    (code, variant) for code, variants in FIX_TEMPLATES.items() for variant in variants
])
def test_every_template_is_of_a_code_and_fills_in(code, variant):
    assert code in CATALOGUE
    template = FIX_TEMPLATES[code][variant]
    assert _fields(template) <= set(FIELDS), _fields(template) - set(FIELDS)
    text = fix_text(code, variant, **SAMPLE).replace("${templateOption:imageVariant}", "")
    assert "{" not in text and "}" not in text


def test_a_missing_field_is_named():
    with pytest.raises(KeyError, match="host"):
        fix_text("TLS_EXPIRED")
