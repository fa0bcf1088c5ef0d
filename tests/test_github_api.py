"""The GitHub step against the loopback stand-in of GitHub's API (tests/lab/github_api.py).

Every answer the stand-in gives is validated against the official schemas by the
`github_api` fixture after each test.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.helpers import make_options
from tests.lab.github_api import Package, Secret, Token
from tests.lab.github_scenarios import (
    CASES,
    FULL,
    REPO,
    TOKEN,
    Case,
    acr,
    case,
    reached_acr,
    world,
)
from tui.checks.diagnosis import Diagnosis
from tui.github.api import ApiRefused, GithubClient, next_link, segment
from tui.github.facts import GithubFacts, PackageFacts, RepoFacts
from tui.github.verdicts import ghcr_case
from tui.model import ImageRef, Severity
from tui.model import Secret as SecretValue
from tui.registry.probe.errors import ProbeFailure


def run_case(tmp_path: Path, api, item: Case, **overrides) -> Diagnosis:
    """Run context, secrets and the GitHub step of one scenario against the stand-in."""
    api.reset(item.world())
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = {
        "GITHUB_API_URL": api.url,
        item.token_variable: item.token,
        "GITHUB_REPOSITORY": api.world.repo,
        "CODESPACE_NAME": api.world.codespace,
        "CODESPACES": "true",
        "PATH": str(tmp_path / "no-gh"),
        **item.env,
    }
    options = make_options(
        tmp_path, env, {".devcontainer/devcontainer.json": item.devcontainer},
        offline=False, timeout=overrides.pop("timeout", item.timeout), **overrides,
    )
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("context", "secrets", "github"))
    return diagnosis


def github_codes(diagnosis: Diagnosis) -> list[str]:
    return [f.code for f in diagnosis.results["github"].findings]


def calls(api) -> list[str]:
    return [path for path, _ in api.requests]


@pytest.mark.parametrize("item", CASES, ids=[c.name for c in CASES])
def test_every_scenario_gives_its_verdict(tmp_path, github_api, item):
    diagnosis = run_case(tmp_path, github_api, item)
    result = diagnosis.results["github"]
    assert sorted(set(github_codes(diagnosis))) == sorted(item.expected), result.findings
    assert result.status == ("pass" if not item.expected else result.status)
    assert item.token not in repr(result) and item.token not in repr(diagnosis.handoff)
    for _path, headers in github_api.requests:
        assert headers.get("X-GitHub-Api-Version") == "2022-11-28"
        assert headers.get("Accept") == "application/vnd.github+json"


def test_granted_set_is_a_pass_with_every_fact_on_hand(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("granted"))
    facts = diagnosis.handoff.github_facts
    assert facts is not None and facts.repo is not None and facts.codespace is not None
    assert facts.repo.visibility == "private" and facts.repo.push is True
    assert facts.codespace.last_used_at == datetime(2025, 5, 2, 9, 40, 58, tzinfo=timezone.utc)
    assert {s.name for s in facts.secrets} == {f"ACR_CONTAINER_REGISTRY_{f}"
                                               for f in ("SERVER", "USER", "PASSWORD")}
    assert all(s.granted is True and s.level == "user" for s in facts.secrets)
    assert facts.scopes == FULL and facts.rate_remaining == 4990
    assert facts.unasked == [] and diagnosis.results["github"].status == "pass"
    assert calls(github_api) == [
        "/repos/acme/app", "/user/codespaces/monalisa-app-x7q9v4wr5p2",
        "/user/codespaces/secrets?per_page=100",
        "/user/codespaces/secrets/ACR_CONTAINER_REGISTRY_SERVER/repositories",
        "/user/codespaces/secrets/ACR_CONTAINER_REGISTRY_USER/repositories",
        "/user/codespaces/secrets/ACR_CONTAINER_REGISTRY_PASSWORD/repositories",
        "/repos/acme/app/codespaces/secrets?per_page=100",
        "/orgs/acme/codespaces/secrets?per_page=100",
    ]


def test_not_granted_user_secret_names_the_exact_command(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("not granted (user, selected)"))
    item = diagnosis.results["github"].findings[0]
    assert item.severity is Severity.ERROR and item.secret_set == "ACR"
    assert "not granted to acme/app" in item.detail and "(user, selected" in item.detail
    assert "`gh secret set ACR_CONTAINER_REGISTRY_PASSWORD --user --repos acme/app`" in item.fix
    assert "https://github.com/settings/codespaces" in item.fix


def test_org_private_secret_and_public_repository(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("not granted (org private, public repo)"))
    item = diagnosis.results["github"].findings[0]
    assert "private repositories only, and acme/app is public" in item.detail
    assert "https://github.com/organizations/acme/settings/secrets/codespaces" in item.fix
    assert "--org acme --app codespaces --visibility selected --repos acme/app" in item.fix


def test_changed_after_start_is_an_error_only_when_the_set_did_not_arrive(tmp_path, github_api):
    missing = run_case(tmp_path / "a", github_api, case("changed after start, missing here"))
    present = run_case(tmp_path / "b", github_api, case("changed after start, present here"))
    (lost,) = missing.results["github"].findings
    (stale,) = present.results["github"].findings
    assert lost.severity is Severity.ERROR and stale.severity is Severity.WARNING
    assert "2025-05-02 10:15 UTC" in lost.detail and "2025-05-02 09:40 UTC" in lost.detail
    assert "`gh codespace stop -c monalisa-app-x7q9v4wr5p2`" in lost.fix


def test_a_misspelled_secret_on_github_is_still_found(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("misspelled on GitHub, not granted"))
    (item,) = diagnosis.results["github"].findings
    assert "ACR_CONTAINER_REGISTRY_USERNAME" in item.detail
    assert "not ACR_CONTAINER_REGISTRY_USER" in item.detail
    assert "gh secret set ACR_CONTAINER_REGISTRY_USER --user --repos acme/app" in item.fix


@pytest.mark.parametrize("name, phrase", [
    ("withheld: no push", "no write access to acme/app"),
    ("withheld: a fork's pull request", "pull request of the fork monalisa/app"),
])
def test_withheld_secrets_say_why(tmp_path, github_api, name, phrase):
    diagnosis = run_case(tmp_path, github_api, case(name))
    (item,) = diagnosis.results["github"].findings
    assert item.code == "SECRETS_WITHHELD" and item.severity is Severity.ERROR
    assert phrase in item.detail and "ACR did not reach" in item.detail


def test_scope_missing_is_not_asked_and_says_how_to_add_it(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("scope missing (no codespace, no admin:org)"))
    (item,) = diagnosis.results["github"].findings
    assert item.severity is Severity.WARNING
    assert "user secrets" in item.detail and "`codespace:secrets`" in item.detail
    assert "organization secrets" in item.detail and "admin:org" in item.detail
    assert "-s admin:org,codespace" in item.fix or "scopes admin:org,codespace " in item.fix
    asked = calls(github_api)
    assert not any(p.startswith("/user/codespaces") or p.startswith("/orgs") for p in asked)


def test_a_403_names_the_accepted_scopes(tmp_path, github_api, options_for):
    github_api.reset(world(tokens={TOKEN: Token(("repo",))}))
    client = GithubClient.open(github_api.url, SecretValue(TOKEN), options_for(offline=False))
    with pytest.raises(ApiRefused) as refused:
        client.get("/user/codespaces/secrets")
    client.close()
    assert refused.value.refusal.kind == "scope" and refused.value.refusal.status == 403
    assert refused.value.refusal.accepted_scopes == ("codespace", "codespace:secrets")
    assert client.scopes == ("repo",)


def test_the_codespace_token_asks_what_it_can(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("the codespace's own token"))
    (item,) = diagnosis.results["github"].findings
    assert "codespace's own GITHUB_TOKEN" in item.detail
    assert "unset GITHUB_TOKEN GH_TOKEN; gh auth login -h github.com -s codespace,read:packages" \
        in item.fix
    assert "GH_TOKEN=$(gh auth token) registry-doctor check" in item.fix
    asked = calls(github_api)
    assert asked[0] == "/repos/acme/app"
    assert not any("secrets" in p or p.startswith("/user/codespaces") for p in asked)


def test_401_stops_at_once(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("401: unknown token"))
    (item,) = diagnosis.results["github"].findings
    assert item.title == "GitHub's API refuses the token" and "401" in item.detail
    assert len(github_api.requests) == 1


@pytest.mark.parametrize("name, status", [("rate limit 403", 403), ("rate limit 429", 429)])
def test_rate_limit_says_none_left_and_when_it_resets(tmp_path, github_api, name, status):
    diagnosis = run_case(tmp_path, github_api, case(name))
    (item,) = diagnosis.results["github"].findings
    assert f"status {status}" in item.detail and "0 requests left" in item.detail
    assert "resets at 17:46 UTC" in item.detail
    assert len(github_api.requests) == 1


def test_a_silent_api_gives_its_verdict_within_the_bound(tmp_path, github_api):
    started = time.monotonic()
    diagnosis = run_case(tmp_path, github_api, case("silent API (bound 1 s)"))
    took = time.monotonic() - started
    (item,) = diagnosis.results["github"].findings
    assert "no answer within 1 s" in item.detail
    assert took < 2.0, took
    assert diagnosis.results["github"].seconds < 1.6


def test_pagination_follows_link_over_a_hundred_secrets(tmp_path, github_api):
    diagnosis = run_case(tmp_path, github_api, case("pagination: 130 user secrets"))
    facts = diagnosis.handoff.github_facts
    assert facts is not None and len(facts.secrets) == 3
    pages = [p for p in calls(github_api) if p.startswith("/user/codespaces/secrets?")]
    assert pages == ["/user/codespaces/secrets?per_page=100",
                     "/user/codespaces/secrets?per_page=100&page=2"]


@pytest.mark.parametrize("visibility, repo, expected", [
    ("private", "private", []),
    ("public", "public", []),
    ("internal", "public", ["GHCR_INTERNAL_PUBLIC_REPO"]),
    ("private", "public", ["GHCR_INTERNAL_PUBLIC_REPO"]),
])
def test_packages_by_visibility(tmp_path, github_api, visibility, repo, expected):
    name = {("private", "private"): "package private, private repo",
            ("public", "public"): "package public, public repo",
            ("internal", "public"): "package internal, public repo",
            ("private", "public"): "package private, public repo"}[(visibility, repo)]
    diagnosis = run_case(tmp_path, github_api, case(name))
    assert github_codes(diagnosis) == expected
    facts = diagnosis.handoff.github_facts
    assert facts is not None
    package = facts.package_for("ghcr.io/acme/devcontainer-images/python:3.12")
    assert package is not None and package.visibility == visibility
    assert package.repository == "acme/devcontainer-images"
    assert package.repository_visibility == "internal"
    assert "/orgs/acme/packages/container/devcontainer-images%2Fpython" in calls(github_api)
    feature = facts.package_for("ghcr.io/acme/features/tools:1")
    assert feature is not None and feature.visibility == "public"
    if expected:
        item = diagnosis.results["github"].findings[0]
        assert "acme/app is public" in item.detail
        assert ("https://github.com/orgs/acme/packages/container/devcontainer-images%2Fpython"
                "/settings") in item.fix


def test_an_unencoded_package_name_is_a_404_on_the_stand_in(github_api, options_for):
    github_api.reset(world(packages={("orgs", "acme", "a/b"): Package("private")}))
    client = GithubClient.open(github_api.url, SecretValue(TOKEN), options_for(offline=False))
    assert client.get(f"/orgs/acme/packages/container/{segment('a/b')}")
    with pytest.raises(ApiRefused) as refused:
        client.get("/orgs/acme/packages/container/a/b")
    client.close()
    assert refused.value.refusal.kind == "not-visible"
    assert "missing or not visible to this token" in refused.value.refusal.detail


def test_a_user_package_is_found_after_the_org_404(tmp_path, github_api):
    item = case("package private, private repo")
    original = item.world

    def users_world():
        built = original()
        built.packages = {("users", "acme", k[2]): v for k, v in built.packages.items()}
        return built

    diagnosis = run_case(tmp_path, github_api, Case(item.name, users_world, item.env,
                                                    devcontainer=item.devcontainer))
    facts = diagnosis.handoff.github_facts
    assert facts is not None
    package = facts.package_for("ghcr.io/acme/devcontainer-images/python:3.12")
    assert package is not None and package.owner_kind == "users"
    assert "users/acme/packages" in package.settings_url


def test_no_token_asks_nothing(tmp_path, github_api):
    item = Case("no token", lambda: world(user_secrets=acr()), reached_acr(),
                token="", token_variable="GH_TOKEN")
    diagnosis = run_case(tmp_path, github_api, item)
    assert github_codes(diagnosis) == ["GITHUB_TOKEN_UNAVAILABLE"]
    assert github_api.requests == []


def test_outside_a_codespace_only_the_grants_are_judged(tmp_path, github_api):
    item = case("granted, unchanged, still missing")
    github_api.reset(item.world())
    env = {"GITHUB_API_URL": github_api.url, "GH_TOKEN": TOKEN, "PATH": str(tmp_path)}
    options = make_options(tmp_path, env, offline=False, repo=REPO)
    diagnosis = Diagnosis(options)
    diagnosis.run_all(("context", "secrets", "github"))
    assert github_codes(diagnosis) == []
    facts = diagnosis.handoff.github_facts
    assert facts is not None and facts.codespace is None
    assert [u.kind for u in facts.unasked] == ["no-input"]


def test_secret_repositories_unreadable_leaves_the_grant_unknown(tmp_path, github_api):
    def broken_world():
        built = world(user_secrets=acr())
        built.user_secrets.append(Secret("ZZZ_CONTAINER_REGISTRY_USER", repos=()))
        return built

    diagnosis = run_case(tmp_path, github_api, Case("x", broken_world, reached_acr()))
    facts = diagnosis.handoff.github_facts
    assert facts is not None
    zzz = next(s for s in facts.secrets if s.prefix == "ZZZ")
    assert zzz.granted is False and "0 repositories" in zzz.grant_note
    assert github_codes(diagnosis) == ["SECRET_NOT_GRANTED"]


def test_next_link_parsing():
    header = ('<https://api.github.com/user/codespaces/secrets?per_page=100&page=2>; '
              'rel="next", <https://api.github.com/user/codespaces/secrets?page=5>; rel="last"')
    assert next_link(header) == "https://api.github.com/user/codespaces/secrets?per_page=100&page=2"
    assert next_link('<https://x/?page=1>; rel="prev"') is None
    assert next_link("") is None


# --- the Pull step's GHCR_PACKAGE_ACCESS, named from the facts ----------------------------

def _facts(visibility: str, repo_visibility: str, linked: str | None) -> GithubFacts:
    facts = GithubFacts(repository=REPO)
    facts.repo = RepoFacts(REPO, 1, repo_visibility, owner="acme", owner_type="Organization")
    facts.packages = [PackageFacts("ghcr.io/acme/app:1", "acme", "app", "orgs", visibility,
                                   linked, "private")]
    return facts


@pytest.mark.parametrize("visibility, repo_visibility, linked, phrase", [
    ("internal", "public", None, "acme/app is public"),
    ("private", "private", "acme/app", "does not inherit the repository's access"),
    ("internal", "private", "acme/images", "acme/app is not in its access list"),
    ("private", "private", "acme/images", "the package is private (linked to acme/images)"),
])
def test_ghcr_case_is_named_from_the_facts(visibility, repo_visibility, linked, phrase):
    facts = _facts(visibility, repo_visibility, linked)
    known = ghcr_case(facts.packages[0], facts.repo, REPO)
    assert known is not None and phrase in known[0]
    assert "https://github.com/orgs/acme/packages/container/app/settings" in known[1]


def test_ghcr_case_is_unknown_without_facts_or_for_a_public_package():
    assert ghcr_case(None, None, REPO) is None
    facts = _facts("public", "private", None)
    assert ghcr_case(facts.packages[0], facts.repo, REPO) is None


def test_the_pull_step_replaces_its_guess_with_the_case(tmp_path, options_for):
    from tui.checks.pull import _ghcr_case_from_github

    diagnosis = Diagnosis(options_for())
    image = ImageRef("ghcr.io/acme/app:1", "ghcr.io", "acme/app", "1", "devcontainer.json")
    guess = ProbeFailure("GHCR_PACKAGE_ACCESS", "token", "One of these applies: …", "guess")
    assert _ghcr_case_from_github(diagnosis, image, guess) is guess
    diagnosis.handoff.github_facts = _facts("internal", "public", None)
    named = _ghcr_case_from_github(diagnosis, image, guess)
    assert named.code == "GHCR_PACKAGE_ACCESS" and "GitHub's API shows why" in named.detail
    assert "acme/app is public" in named.detail and "Manage Codespaces access" in str(named.fix)


def test_the_schema_check_catches_an_answer_off_the_schema():
    from tests.github_lab import schema_errors
    from tests.lab.github_api import EXAMPLES, Served

    key = "GET /orgs/{org}/packages/{package_type}/{package_name}"
    internal = dict(EXAMPLES[key], visibility="internal")
    assert schema_errors(Served(key, 200, internal, "/orgs/acme/packages/container/x")) == []
    broken = dict(internal, version_count="many")
    assert schema_errors(Served(key, 200, broken, "/x"))
    secrets_key = "GET /user/codespaces/secrets"
    item = dict(EXAMPLES[secrets_key]["secrets"][0], visibility="everyone")
    assert schema_errors(Served(secrets_key, 200, {"total_count": 1, "secrets": [item]}, "/y"))


def test_a_hidden_repository_is_named_in_the_scope_finding(tmp_path, github_api):
    item = Case("hidden", lambda: world(user_secrets=acr(),
                                        tokens={TOKEN: Token(("codespace", "read:packages"))}),
                reached_acr())
    diagnosis = run_case(tmp_path, github_api, item)
    (finding,) = diagnosis.results["github"].findings
    assert finding.code == "GITHUB_TOKEN_SCOPE"
    assert "the repository: 404: missing or not visible to this token" in finding.detail
    facts = diagnosis.handoff.github_facts
    assert facts is not None and facts.repo is None
    assert all(s.granted is True for s in facts.secrets)  # grants still read by full name


def test_a_next_page_on_another_host_is_not_followed(github_api, options_for, monkeypatch):
    from tests.lab import github_api as stand_in

    github_api.reset(world(user_secrets=[Secret(f"X{i}_TOKEN") for i in range(130)]))
    original = stand_in.GithubHandler._page

    def elsewhere(self, items, query, key):
        body, headers = original(self, items, query, key)
        if "Link" in headers:
            headers["Link"] = headers["Link"].replace("127.0.0.1", "evil.example")
        return body, headers

    monkeypatch.setattr(stand_in.GithubHandler, "_page", elsewhere)
    client = GithubClient.open(github_api.url, SecretValue(TOKEN), options_for(offline=False))
    with pytest.raises(ApiRefused) as refused:
        client.get_list("/user/codespaces/secrets", "secrets")
    client.close()
    assert "the next page is on another host (http://evil.example:" in refused.value.refusal.detail
    assert len(github_api.requests) == 1


def test_a_token_without_scopes_header_asks_and_reads_each_refusal(tmp_path, github_api):
    """A fine-grained or app token (no X-OAuth-Scopes, not the codespace's own): every
    question is asked, each 403 is named with the permission GitHub says it needs."""
    item = Case("fine-grained", lambda: world(user_secrets=acr(),
                                              tokens={TOKEN: Token(None)}), reached_acr())
    diagnosis = run_case(tmp_path, github_api, item)
    (finding,) = diagnosis.results["github"].findings
    assert finding.code == "GITHUB_TOKEN_SCOPE"
    assert "user secrets: 403: the token may not ask; it needs `codespace:secrets` (or the " \
        "permission codespaces_user_secrets=read)" in finding.detail
    facts = diagnosis.handoff.github_facts
    assert facts is not None and facts.repo is not None and facts.scopes is None
    assert "/user/codespaces/secrets?per_page=100" in calls(github_api)


def test_the_markdown_report_says_what_github_holds(tmp_path, github_api):
    from tui.report.markdown import render_markdown

    diagnosis = run_case(tmp_path, github_api, case("package internal, public repo"))
    report = render_markdown(diagnosis)
    assert "## What GitHub holds" in report
    assert "Repository acme/app: public, you may push." in report
    image = "`ghcr.io/acme/devcontainer-images/python:3.12`"
    assert f"| {image} | internal | acme/devcontainer-images | internal |" in report
    assert TOKEN not in report
    granted = run_case(tmp_path / "g", github_api, case("granted"))
    assert "| ACR | `ACR_CONTAINER_REGISTRY_PASSWORD` | user | selected | yes |" \
        in render_markdown(granted)
