"""Property: whatever GitHub holds and whatever reached the codespace, `fix --yes` sends only
requests of the SPEC's table for the finding it repairs, only those its repair listed, and
never narrows or widens who may read a secret (no visibility change, no grant dropped)."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.lab.github_api import Secret
from tests.lab.github_scenarios import ACR_VALUES, REPO, world
from tests.test_repairs_github import diagnosis_for, fix

NAME = r"[A-Z0-9_]+"
LEVEL = r"(?:/user|/repos/acme/app|/orgs/acme)/codespaces/secrets"
KEY = rf"GET {LEVEL}/public-key"
TABLE: dict[str, list[str]] = {
    "SECRET_NOT_GRANTED": [rf"PUT (?:/user|/orgs/acme)/codespaces/secrets/{NAME}/repositories/\d+"],
    "SECRET_NAME_MISSPELLED": [KEY, rf"PUT {LEVEL}/{NAME}", rf"DELETE {LEVEL}/{NAME}"],
    **{code: [KEY, rf"PUT {LEVEL}/{NAME}"] for code in (
        "SECRET_VALUE_WHITESPACE", "SECRET_VALUE_QUOTED", "DOCKERHUB_SERVER_VALUE",
        "SERVER_HAS_SCHEME", "SERVER_HAS_PATH")},
    **{code: [r"GET /user/codespaces/secrets/public-key",
              rf"PUT /user/codespaces/secrets/{NAME}"] for code in (
        "SECRET_SET_INCOMPLETE", "NO_REGISTRY_SECRETS", "IMAGE_REGISTRY_UNCOVERED",
        "LOGIN_UNAUTHORIZED", "ECR_TOKEN_EXPIRED")},
}
"""The SPEC's table of repairs, as the requests each finding may lead to."""

FIELDS = ("SERVER", "USER", "PASSWORD")
SERVERS = ["myco.azurecr.io", "https://myco.azurecr.io", "myco.azurecr.io/team/app",
           "'myco.azurecr.io'"]
PASSWORDS = ["pw-not-a-token-1", " pw-not-a-token-1\n", '"pw-not-a-token-1"']


@st.composite
def situations(draw):
    level = draw(st.sampled_from(["user", "repository", "organization"]))
    visibility = draw(st.sampled_from(["selected", "all", "private"]))
    granted = draw(st.booleans())
    misspelled = draw(st.booleans())
    reached = draw(st.booleans())
    repos = (REPO, "acme/tools") if granted else ("acme/tools",)
    names = [f"ACR_CONTAINER_REGISTRY_{'USERNAME' if f == 'USER' and misspelled else f}"
             for f in FIELDS]
    secrets = [Secret(n, visibility=visibility, repos=repos) for n in names]
    env = {}
    if reached:
        values = {**ACR_VALUES, "SERVER": draw(st.sampled_from(SERVERS)),
                  "PASSWORD": draw(st.sampled_from(PASSWORDS))}
        env = {n: values[f] for n, f in zip(names, FIELDS, strict=True)}
    where = {"user": "user_secrets", "repository": "repo_secrets",
             "organization": "org_secrets"}[level]
    return world(visibility=draw(st.sampled_from(["private", "public"])),
                 **{where: secrets}), env


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(situations())
def test_no_repair_sends_a_request_the_table_does_not_list(tmp_path_factory, github_api,
                                                           situation):
    the_world, env = situation
    before = copy.deepcopy(the_world)
    diagnosis = diagnosis_for(tmp_path_factory.mktemp("p"), github_api, the_world, env)
    done, _text = fix(diagnosis)
    for row in done:
        event(f"{row.repair.code} {row.status}")
    listed = {request for d in done for request in d.repair.requests}
    for row in done:
        for request in row.repair.requests:
            assert any(re.fullmatch(p, request) for p in TABLE[row.repair.code]), request
    sent = [f"{m} {p}" for m, p in github_api.calls if m != "GET" or p.endswith("public-key")]
    assert set(sent) <= listed, (sent, listed)
    assert not [s for s in github_api.served if s.status == 422]
    after = {(lvl, s.name): s for lvl in ("user_secrets", "repo_secrets", "org_secrets")
             for s in getattr(github_api.world, lvl)}
    for lvl in ("user_secrets", "repo_secrets", "org_secrets"):
        for old in getattr(before, lvl):
            new = after.get((lvl, old.name))
            if new is None:
                continue  # a misspelled name, deleted after its value was stored rightly
            assert new.visibility == old.visibility
            assert set(old.repos) <= set(new.repos)
            assert set(new.repos) - set(old.repos) <= {REPO}
